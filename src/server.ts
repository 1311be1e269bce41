/**
 * The build's second entry point (dist/server.js): what the extension loads on first use, not at activation: the
 * MCP server, the Gmail client, the guard, the MIME and HTML libraries, google-auth-library. The extension reaches
 * it only through loadServerBundle() (src/ui/server/lazyServer.ts) and only through what this file exports. Each bundle
 * carries its own copy of the small modules both import (scopes, token source, tool access), so nothing that
 * crosses this line may be told apart with `instanceof`: errors are recognised by predicates such as
 * isAccessRevoked, objects by their shape.
 */
export { AccountServerLauncher } from './mcp/server/accountServer';
export { lookupAccountAddress } from './gmail/accountLookup';
export { listSavableAttachments, readAttachmentBytes } from './mail/attachments/savedAttachment';
export { OAuth2Client } from 'google-auth-library';
