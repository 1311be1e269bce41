import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ALL_TOOLSETS, ALL_SCOPES, startHarness } from './harness';

const SNAPSHOT = path.join(__dirname, '__snapshots__', 'tools.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Strict clients (Copilot) reject arrays without items and want closed, plain JSON Schema. */
function strictnessProblems(schema: Json, where: string, isInput: boolean): string[] {
  const problems: string[] = [];
  const visit = (node: Json, at: string) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    if (node.type === 'array' && !node.items) problems.push(`${at}: array without items`);
    if (isInput && node.type === 'object' && node.additionalProperties !== false) problems.push(`${at}: object without additionalProperties:false`);
    for (const key of ['$ref', '$defs', 'definitions', 'not', 'if', 'then', 'else']) if (key in node) problems.push(`${at}: uses ${key}`);
    for (const [key, value] of Object.entries(node)) {
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${at}.${key}[${i}]`));
      else visit(value, `${at}.${key}`);
    }
  };
  visit(schema, where);
  return problems;
}

describe('mcp tool schemas', () => {
  it('match the snapshot (UPDATE_SNAPSHOTS=1 rewrites it) and are plain, strict JSON Schema', async () => {
    const h = await startHarness({ access: { toolsets: ALL_TOOLSETS, grantedScopes: ALL_SCOPES } });
    let tools;
    try {
      tools = (await h.client.listTools()).tools;
    } finally {
      await h.close();
    }
    const snapshot = tools
      .map((t) => ({ name: t.name, title: t.title, description: t.description, annotations: t.annotations, inputSchema: t.inputSchema, outputSchema: t.outputSchema }))
      .sort((a, b) => a.name.localeCompare(b.name));

    const problems = snapshot.flatMap((t) => [
      ...strictnessProblems(t.inputSchema as Json, `${t.name}.inputSchema`, true),
      ...strictnessProblems((t.outputSchema ?? {}) as Json, `${t.name}.outputSchema`, false),
    ]);
    assert.deepEqual(problems, []);

    const current = `${JSON.stringify(snapshot, null, 2)}\n`;
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      await fs.mkdir(path.dirname(SNAPSHOT), { recursive: true });
      await fs.writeFile(SNAPSHOT, current);
      return;
    }
    const stored = await fs.readFile(SNAPSHOT, 'utf8').catch(() => undefined);
    assert.ok(stored !== undefined, `no snapshot at ${SNAPSHOT}: run with UPDATE_SNAPSHOTS=1 once and review it`);
    assert.equal(current, stored, 'tool schemas changed: review the difference, then run with UPDATE_SNAPSHOTS=1');
  });
});
