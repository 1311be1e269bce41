/**
 * The tool names T2 counts (bench/vscodeToolId.ts) are the ones VS Code 1.139.1 gave our tools in T1's recorded
 * agent requests (.test-output/bench-tokens/handed-to-model.json, 2026-12-04): mcp_gmail_demo_us_<tool>.
 */
import { strict as assert } from 'node:assert';
import { serverTitle } from '../../../src/mcp/server/server';
import { ALL_TOOLS } from '../../../src/mcp/server/toolsets';
import { vscodeToolId } from '../../../bench/vscodeToolId';

describe('bench: tool names as VS Code gives them to the model', () => {
  it('names every tool of the demo account as T1 recorded them', () => {
    const title = serverTitle('demo.user@example.com');
    assert.equal(vscodeToolId(title, 'search_messages'), 'mcp_gmail_demo_us_search_messages');
    assert.equal(vscodeToolId(title, 'untrash_messages'), 'mcp_gmail_demo_us_untrash_messages');
    for (const tool of ALL_TOOLS) assert.match(vscodeToolId(title, tool.name), new RegExp(`^mcp_gmail_demo_us_${tool.name}$`));
  });

  it('folds runs of other characters into one underscore and dots into underscores, within 13 characters of the server name', () => {
    assert.equal(vscodeToolId('Gmail (sam@x.io)', 'read_thread'), 'mcp_gmail_sam_x_i_read_thread');
    assert.equal(vscodeToolId('Gmail  (a.very.long.address@example.com)', 'list_labels'), 'mcp_gmail_a_very__list_labels');
  });

  it('keeps an id within the 64 characters VS Code allows', () => {
    assert.equal(vscodeToolId('Gmail (x@y.z)', 'a'.repeat(80)).length, 64);
  });
});
