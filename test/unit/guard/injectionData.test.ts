import assert from 'node:assert/strict';
import { generatedExamples } from '../../../scripts/detector/syntheticTasks';
import { mulberry32 } from '../../fixtures/generate/seed';

describe('scripts/detector/syntheticTasks: generated training mail', () => {
  it('is the same for the same seed, and differs for another', () => {
    const a = generatedExamples(mulberry32(24));
    assert.deepEqual(generatedExamples(mulberry32(24)), a);
    assert.notDeepEqual(generatedExamples(mulberry32(25)).map((e) => e.text), a.map((e) => e.text));
  });

  it('varies its wording: most attacks of a family are distinct', () => {
    const examples = generatedExamples(mulberry32(24));
    for (const family of ['synthetic-chatbot-task', 'synthetic-hijack', 'synthetic-agent-action']) {
      const texts = examples.filter((e) => e.family === family).map((e) => e.text);
      assert.ok(texts.length >= 300, family);
      assert.ok(new Set(texts).size >= 0.6 * texts.length, `${family}: ${new Set(texts).size} distinct of ${texts.length}`);
      assert.ok(examples.filter((e) => e.family === family).every((e) => e.hostile));
    }
  });

  it('pairs the attacks with ordinary requests of the same shapes', () => {
    const ordinary = generatedExamples(mulberry32(24)).filter((e) => !e.hostile);
    assert.ok(ordinary.length >= 500);
    assert.ok(ordinary.some((e) => /^(?:Could|Can|Would) you /.test(e.text)), 'questions to a colleague');
    assert.ok(ordinary.some((e) => /\b(?:transfer|pay|booked|reserved)\b/.test(e.text)), 'the same actions, asked of people');
  });
});
