import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarise } from './fixtures/analyze/helpers.ts';

const views = (body: string) => summarise(body).pub.views.map((v) => [v.speaker, v.cue, v.claim]);

test('a named expert: appositive, cue and claim', () => {
  const body =
    'Michael Madden, a North Korea expert at the Stimson Center, noted that Russia does not want the troops to become an issue.';
  const { pub } = summarise(body);
  assert.equal(pub.views, [
    {
      speaker: 'Michael Madden',
      role: 'North Korea expert',
      affiliation: 'Stimson Center',
      cue: 'noted',
      claim: 'Russia does not want the troops to become an issue.',
    },
  ]);
});

test('generic voices: observers, experts, analysts, "according to experts"', () => {
  const body =
    'Observers suggest that this withdrawal carries political implications. It reflects Moscow’s confidence. ' +
    'Trump is shifting his priorities, experts said, after fruitless talks. ' +
    'But analysts say the foiled terror cells farther afield are a worrying sign. ' +
    'North Korea could become a priority if it tests more missiles, according to experts.';
  const got = views(body);
  assert.equal(
    got.map((v) => [v[0], v[1]]),
    [
      ['Observers', 'suggest'],
      ['experts', 'said'],
      ['analysts', 'say'],
      ['experts', 'according to'],
    ],
  );
  assert.ok(String(got[0][2]).includes('It reflects Moscow’s confidence'));
  assert.ok(String(got[1][2]).startsWith('Trump is shifting his priorities'));
  assert.is(got[3][2], 'North Korea could become a priority if it tests more missiles');
});

test('experts by think-tank affiliation, not only by title', () => {
  const body =
    'Douglas Paal, vice president at the Carnegie Endowment for International Peace, said that a summit could be risky. ' +
    'Andrew Lebovich of the Dutch international affairs think tank Clingendael said these plots are indicative of ambitions.';
  assert.equal(
    views(body).map((v) => v[0]),
    ['Douglas Paal', 'Andrew Lebovich'],
  );
});

test('officials are not analysts', () => {
  const body =
    'Balochistan Chief Minister Sarfraz Bugti said 425 tickets were sold. ' +
    '“If there is an opportunity, he is always willing to do that,” National Security Adviser Robert O’Brien said. ' +
    'The military spokesperson said law enforcement agencies conducted operations.';
  assert.equal(views(body), []);
});

test('an expert quote is a view, and a quote that carries on joins it', () => {
  const body =
    'Douglas Paal, vice president at the Carnegie Endowment for International Peace, spoke. ' +
    '“Doing deals with dictators in election years tends to benefit the opposition,” Paal said. “Trump sees no need for a summit now.”';
  const got = views(body);
  assert.is(got.length, 1);
  assert.ok(String(got[0][2]).includes('benefit the opposition'));
  assert.ok(String(got[0][2]).includes('Trump sees no need'));
});

test('a person of an advocacy alliance gives a view; an official does not', () => {
  const body =
    'Rising debt leaves the island state open to pressure from its lenders, noted Clara Voss of the Parliamentary Alliance on Trade. ' +
    'The plan is fair, said Trade Minister Ole Berg.';
  const views = summarise(body).pub.views;
  assert.equal(
    views.map((v) => v.speaker),
    ['Clara Voss'],
  );
});

test.run();
