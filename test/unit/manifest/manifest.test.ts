import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupProgress } from '../../../src/ui/account/setupProgress';

const ROOT = join(__dirname, '..', '..', '..');

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: string; markdown?: string; altText?: string };
  completionEvents?: string[];
}

interface SettingSchema {
  type: string;
  scope?: string;
  policy?: { name: string; minimumVersion: string };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  repository: { type: string; url: string };
  bugs: { url: string };
  homepage: string;
  engines: { vscode: string };
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string; name: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; title: string }> };
    viewsWelcome: Array<{ view: string; when?: string; contents: string }>;
    walkthroughs: Array<{ id: string; steps: WalkthroughStep[] }>;
    configuration: { properties: Record<string, SettingSchema> };
    configurationDefaults: Record<string, Record<string, unknown>>;
    customEditors: Array<{ viewType: string; selector: Array<{ filenamePattern: string }>; priority: string }>;
  };
};

/** The settings an administrator must be able to pin (issue 16): read-only, toolsets, domain lists, limits. */
const SECURITY_SETTINGS = [
  'gmailTools.readOnly',
  'gmailTools.toolsets.drafts',
  'gmailTools.toolsets.send',
  'gmailTools.toolsets.organize',
  'gmailTools.policy.allowedRecipientDomains',
  'gmailTools.policy.blockedRecipientDomains',
  'gmailTools.policy.maxRecipients',
  'gmailTools.policy.sendsPerHour',
  'gmailTools.policy.maxMessagesPerChange',
  'gmailTools.confirmation.bulkThreshold',
  'gmailTools.confirmation.timeoutSeconds',
  'gmailTools.quota.unitsPerMinute',
];

describe('extension manifest (package.json)', () => {
  it('names where the code, the issues and the docs live, and ships a changelog', () => {
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/[\w-]+\/[\w.-]+\.git$/);
    assert.match(manifest.bugs.url, /^https:\/\/github\.com\/[\w-]+\/[\w.-]+\/issues$/);
    assert.match(manifest.homepage, /^https:\/\//);
    assert.ok(existsSync(join(ROOT, 'CHANGELOG.md')));
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!CHANGELOG.md'), '.vscodeignore lets CHANGELOG.md into the .vsix');
  });

  it('puts every security setting under a uniquely named configuration policy (application scope)', () => {
    const props = manifest.contributes.configuration.properties;
    const names = new Set<string>();
    for (const key of SECURITY_SETTINGS) {
      const setting = props[key];
      assert.ok(setting, `${key} exists`);
      assert.equal(setting.scope, 'application', `${key} is application-scoped`);
      assert.ok(setting.policy, `${key} has a policy`);
      assert.match(setting.policy.name, /^GmailTools[A-Z]\w+$/, `${key}: policy names are PascalCase and prefixed`);
      assert.match(setting.policy.minimumVersion, /^\d+\.\d+$/);
      assert.ok(!names.has(setting.policy.name), `${setting.policy.name} is unique`);
      names.add(setting.policy.name);
    }
    // VS Code's policy types are string, number, boolean, and arrays as JSON strings.
    for (const key of SECURITY_SETTINGS) assert.ok(['boolean', 'number', 'array'].includes(props[key].type), key);
  });

  it('runs in Restricted Mode with the workspace features off, and takes no limit from an untrusted workspace', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.ok(untrusted, 'capabilities.untrustedWorkspaces is declared (without it VS Code disables the extension in Restricted Mode)');
    assert.equal(untrusted.supported, 'limited');
    // The description names what is off: the two workspace features (ui/server/workspaceTrust.ts).
    assert.match(untrusted.description ?? '', /files from the workspace cannot be attached to mail/);
    assert.match(untrusted.description ?? '', /Save Attachment does not save into the workspace/);
    const restricted = new Set(untrusted.restrictedConfigurations ?? []);
    const props = manifest.contributes.configuration.properties;
    for (const key of [...SECURITY_SETTINGS, 'gmailTools.quota.unitsPerMinute', 'gmailTools.anomaly.readsPerMinute', 'gmailTools.confirmation.undoSendSeconds']) {
      assert.ok(restricted.has(key), `${key} is a restricted configuration`);
    }
    for (const key of restricted) assert.ok(props[key], `${key} is one of our settings`);
  });

  it('has a walkthrough from OAuth client to pause, whose commands, views and images exist', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['createClient', 'importClient', 'signIn', 'enableToolset', 'tryAgentMode', 'pause']);
    const create = walkthrough.steps[0];
    assert.match(create.description, /Desktop app/);
    assert.match(create.description, /Testing.*7 days/s);
    const ours = new Set(manifest.contributes.commands.map((c) => c.command));
    const views = new Set(Object.values(manifest.contributes.views).flat().map((v) => v.id));
    for (const step of walkthrough.steps) {
      const media = step.media.svg ?? step.media.image ?? step.media.markdown;
      assert.ok(media && existsSync(join(ROOT, media)), `${step.id}: media ${media} exists`);
      assert.ok(media.startsWith('media/'), `${step.id}: media is inside media/ (shipped in the .vsix)`);
      if (!step.media.markdown) assert.ok((step.media.altText ?? '').length > 20, `${step.id}: alt text`);
      for (const [, command] of step.description.matchAll(/\]\(command:([\w.]+)\)/g)) {
        const known = ours.has(command) || command.startsWith('workbench.') || views.has(command.replace(/\.focus$/, ''));
        assert.ok(known, `${step.id}: command ${command} exists`);
      }
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id}: has a completion event`);
    }
  });

  it('walkthrough images are plain SVG with no text taken from mail and no scripts or remote references', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    for (const step of walkthrough.steps) {
      const svg = readFileSync(join(ROOT, step.media.svg!), 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.doesNotMatch(svg, /<script|<foreignObject|href=|@import|url\(/i, step.id);
      assert.doesNotMatch(svg, /@[\w-]+\.(com|org|net)/, `${step.id}: no addresses in the images`);
    }
  });
  it('walkthrough images colour through attributes: the walkthrough webview allows only its own nonced <style>', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    for (const step of walkthrough.steps) {
      const svg = readFileSync(join(ROOT, step.media.svg!), 'utf8');
      assert.doesNotMatch(svg, /<style|class=|style=/, `${step.id}: a style block or attribute is blocked by the CSP, and everything draws black`);
      assert.match(svg, /fill="var\(--vscode-foreground/, `${step.id}: takes the theme's colours`);
    }
  });

  it('walkthrough descriptions carry no markdown but links (VS Code 1.139 showed *italics* and `code` raw)', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    for (const step of walkthrough.steps) assert.doesNotMatch(step.description.replace(/\[[^\]]*\]\([^)]*\)/g, ''), /[*`]|_[^_\s]+_/, step.id);
  });

  it('the setup steps tick on what the person did, as stored (context keys setupProgress sets), not on a running server', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const keys = Object.keys(setupProgress({ hasClient: false, hasSession: false, enabledToolsets: ['read'], agentCalls: 0 }));
    for (const id of ['createClient', 'importClient', 'signIn', 'enableToolset', 'tryAgentMode']) {
      const step = walkthrough.steps.find((s) => s.id === id)!;
      const stored = (step.completionEvents ?? []).map((e) => /^onContext:([\w.]+)$/.exec(e)?.[1]).filter((k) => k !== undefined);
      assert.ok(stored.length && stored.every((k) => keys.includes(k)), `${id}: completes on a context key the extension sets (${step.completionEvents})`);
      // A command run or a view opened says nothing of whether the step worked (an import or a grant cancelled).
      assert.ok(!(step.completionEvents ?? []).some((e) => e.startsWith('onCommand:') || e.startsWith('onView:')), `${id}: ${step.completionEvents}`);
    }
  });

  it("the view's welcome offers exactly one next step for each state of the setup", () => {
    const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === 'gmailTools.calls');
    const states = [
      { imported: false, signedIn: false, offers: 'gmailTools.importOAuthClient' },
      { imported: true, signedIn: false, offers: 'gmailTools.signIn' },
      { imported: true, signedIn: true, offers: 'workbench.action.chat.open' },
    ];
    for (const state of states) {
      const shown = welcome.filter((w) => whenHolds(w.when ?? 'true', { 'gmailTools.oauthClientImported': state.imported, 'gmailTools.signedIn': state.signedIn }));
      assert.equal(shown.length, 1, JSON.stringify(state));
      const commands = [...shown[0].contents.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.equal(commands[0], state.offers, JSON.stringify(state));
      if (state.imported) assert.ok(!commands.includes('gmailTools.importOAuthClient'), 'no import offered once a client is in');
      if (state.signedIn) assert.ok(!commands.includes('gmailTools.signIn'), 'no sign-in offered once signed in');
    }
  });

  it("the view's title fits the side bar: container and view name together stay short", () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === 'gmailTools')!;
    const view = manifest.contributes.views.gmailTools.find((v) => v.id === 'gmailTools.calls')!;
    assert.ok(`${container.title}: ${view.name}`.length <= 20, `${container.title}: ${view.name}`);
  });

  it('mail text opens in the read-only mail-text view, never a text editor (the chat would take it as context)', () => {
    const view = manifest.contributes.customEditors.find((e) => e.viewType === 'gmailTools.mailText');
    assert.deepEqual(view?.selector.map((s) => s.filenamePattern), ['gmail-message:/**', 'gmail-withheld:/**', 'gmail-tool-call:/**']);
    assert.equal(view?.priority, 'default');
  });
});

/** A `when` clause of conjunctions of (negated) keys, as the manifest writes them. */
function whenHolds(when: string, keys: Record<string, boolean>): boolean {
  return when.split('&&').every((term) => {
    const t = term.trim();
    if (t === 'true') return true;
    const negated = t.startsWith('!');
    const key = negated ? t.slice(1) : t;
    assert.ok(key in keys, `unknown key in when clause: ${key}`);
    return negated ? !keys[key] : keys[key];
  });
}
