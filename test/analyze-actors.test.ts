import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { abbreviates } from '../src/analyze/entities.ts';
import { summarise } from './fixtures/analyze/helpers.ts';

const actors = (body: string) => summarise(body).pub.actors;
const actor = (body: string, name: string) => actors(body).find((a) => a.name === name);

test('titles and ranks are cut off the name and kept as the role', () => {
  const body =
    'Media reported the return of Lieutenant General Kim Yong Bok and General Sin Kom Chol.';
  assert.is(actor(body, 'Kim Yong Bok')?.role, 'Lieutenant General');
  assert.is(actor(body, 'Sin Kom Chol')?.role, 'General');
  const minister = actor(
    'Nigerian Defense Minister Mohammed Badaru Abubakar announced the force.',
    'Mohammed Badaru Abubakar',
  );
  assert.is(minister?.kind, 'person');
  assert.is(minister?.affiliation, 'Nigeria');
  assert.is(
    actor('Secretary of State Marco Rubio met them.', 'Marco Rubio')?.role,
    'Secretary of State',
  );
});

test('appositives give role and affiliation', () => {
  const body =
    'Michael Madden, a North Korea expert at the Stimson Center, noted that Russia does not want it.';
  const madden = actor(body, 'Michael Madden');
  assert.is(madden?.role, 'North Korea expert');
  assert.is(madden?.affiliation, 'Stimson Center');
  assert.is(actor(body, 'Stimson Center')?.kind, 'organization');
  const snyder = actor(
    'Scott Snyder, director of the U.S.-Korea policy program at the Council on Foreign Relations, said talks would fail.',
    'Scott Snyder',
  );
  assert.is(snyder?.role, 'director of the U.S.-Korea policy program');
  assert.is(snyder?.affiliation, 'Council on Foreign Relations');
  const lambert = actor(
    'In January, Mark Lambert, who was the special envoy for North Korea, took up a new role.',
    'Mark Lambert',
  );
  assert.is(lambert?.role, 'special envoy for North Korea');
});

test('a lower-case role before the name, and "X of ORG"', () => {
  const kelly = actor(
    'Dubai-based intelligence analyst Martin Kelly of EOS Risk Group determined that it was loaded.',
    'Martin Kelly',
  );
  assert.is(kelly?.role, 'intelligence analyst');
  assert.is(kelly?.affiliation, 'EOS Risk Group');
  assert.is(
    actor('Dubai-based intelligence analyst Martin Kelly said so.', 'Dubai')?.kind,
    'place',
  );
});

test('surnames and family names join the full name', () => {
  const body =
    'North Korean leader Kim Jong Un met Lieutenant General Kim Yong Bok. Kim Jong Un praised him. Later, Kim spoke again. ' +
    'Robert Manning, a senior fellow at the Atlantic Council, agreed. Manning said more.';
  const list = actors(body);
  const kim = list.find((a) => a.name === 'Kim Jong Un');
  assert.ok(kim?.aliases.includes('Kim'));
  assert.is(kim?.mentions, 3);
  assert.ok(list.find((a) => a.name === 'Robert Manning')?.aliases.includes('Manning'));
  assert.not.ok(list.some((a) => a.name === 'Kim' || a.name === 'Manning'));
});

test('acronyms join their expansion', () => {
  const body =
    'Separatist militants from Baloch Liberation Army (BLA), a designated terror group, took over a train. The BLA said it acted alone. ' +
    'Analysts praised ECOWAS, the Economic Community of West African States, for acting.';
  const list = actors(body);
  const bla = list.filter((a) => [a.name, ...a.aliases].includes('BLA'));
  assert.is(bla.length, 1);
  assert.ok([bla[0].name, ...bla[0].aliases].includes('Baloch Liberation Army'));
  const ecowas = list.filter((a) => [a.name, ...a.aliases].includes('ECOWAS'));
  assert.is(ecowas.length, 1);
  assert.ok(
    [ecowas[0].name, ...ecowas[0].aliases].includes('Economic Community of West African States'),
  );
  assert.ok(abbreviates('ECOWAS', 'Economic Community of West African States'));
  assert.ok(abbreviates('BLA', 'Baloch Liberation Army'));
  assert.not.ok(abbreviates('CNN', 'Council on Foreign Relations'));
});

test('demonyms and capitals are aliases of their country', () => {
  const body =
    'North Korea sent troops to Russia. North Korean soldiers fought in Ukraine. Pyongyang’s backing reflects Moscow’s confidence, and Ukrainian forces held.';
  const list = actors(body);
  const nk = list.find((a) => a.name === 'North Korea');
  assert.is(nk?.kind, 'country');
  assert.equal(nk?.aliases, ['North Korean', 'Pyongyang']);
  assert.equal(list.find((a) => a.name === 'Russia')?.aliases, ['Moscow']);
  // A capital whose country the article never names is a place of its own.
  assert.is(actor('Their second summit was in February 2019 in Hanoi.', 'Hanoi')?.kind, 'place');
});

test('organisations: heads, connectors, descriptors and outlets', () => {
  const body =
    'Douglas Paal, vice president at the Carnegie Endowment for International Peace, spoke at the White House. ' +
    'The ship was tracked by ship-tracking website MarineTraffic and seen by Reuters. Jihadist groups, including Boko Haram, expanded.';
  const list = actors(body);
  for (const name of [
    'Carnegie Endowment for International Peace',
    'White House',
    'MarineTraffic',
    'Reuters',
    'Boko Haram',
  ]) {
    assert.is(list.find((a) => a.name === name)?.kind, 'organization', name);
  }
  assert.is(list.find((a) => a.name === 'Douglas Paal')?.kind, 'person');
});

test('places from their head word or their context', () => {
  const body =
    'The Jairan docked at Liuheng Island, then sailed to the Iranian port of Bandar Abbas through the Singapore Strait. ' +
    'A cell was dismantled in the Spanish cities of Seville and Ceuta. It left near Sibi for Russia’s Kursk region.';
  const list = actors(body);
  for (const name of [
    'Liuheng Island',
    'Bandar Abbas',
    'Singapore Strait',
    'Seville',
    'Ceuta',
    'Sibi',
  ]) {
    assert.is(list.find((a) => a.name === name)?.kind, 'place', name);
  }
  assert.ok(list.some((a) => a.name.startsWith('Kursk') && a.kind === 'place'));
});

test('sentence openers, months, events and interjections are not actors', () => {
  const body =
    'Observers suggest that this matters. Security analysts are praising the move. Beyond Ukraine, the talks stalled in January. ' +
    'Trump spoke during his State of the Union address. “Hey I need to force this,” he said. Ship-tracking websites show it.';
  const names = actors(body).map((a) => a.name);
  for (const bad of [
    'Observers',
    'Security',
    'Beyond Ukraine',
    'January',
    'State of the Union',
    'Hey I',
    'Ship-tracking',
  ]) {
    assert.not.ok(names.includes(bad), bad);
  }
});

test('particle names, bracketed acronyms and appositive kinds', () => {
  const body =
    'Al-Shabab, a U.S.-designated terrorist group, claimed the attack. Officials said al-Shabab fighters fled. ' +
    'The head of Doctors Without Borders (MSF) spoke. MSF said its teams treated 385 survivors. ' +
    'Iraqi Prime Minister Mohammed Shia al-Sudani spoke first. Sudani, posting on X, called it a success.';
  const list = actors(body);
  const shabab = list.find((a) => /al-Shabab/i.test(a.name));
  assert.is(shabab?.kind, 'organization');
  assert.is(shabab?.mentions, 2);
  const msf = list.filter((a) => [a.name, ...a.aliases].includes('MSF'));
  assert.is(msf.length, 1);
  assert.ok([msf[0].name, ...msf[0].aliases].includes('Doctors Without Borders'));
  assert.ok(list.find((a) => a.name === 'Mohammed Shia al-Sudani')?.aliases.includes('Sudani'));
});

test('a subhead run into the text starts no name', () => {
  const names = actors(
    'Talks brought ministers from Canada. Position on China Beyond Ukraine, G7 ministers also discussed China.',
  ).map((a) => a.name);
  assert.not.ok(names.some((n) => n.includes('Beyond')));
  assert.ok(names.includes('China'));
});

test('actors are ordered by mentions, then first mention', () => {
  const list = actors(
    'Russia and Ukraine talked. Ukraine said no. Ukraine left. China watched. Russia stayed.',
  );
  assert.equal(
    list.map((a) => a.name),
    ['Ukraine', 'Russia', 'China'],
  );
});

test.run();
