import { BEHAVIOUR_SWITCHES } from './config.js';
import { PROFILE_MAJORS, type ProfileMajor } from './profiles.js';
import { SETTING_DEFINITIONS, SETTING_NAMES, settingDefault } from './settings.js';

/** `--list-settings`: every Rocket.Chat setting (default per profile) and every environment switch. */

export interface SettingsListing {
  settings: Array<{
    name: string;
    type: string;
    defaults: Record<ProfileMajor, boolean | number | string>;
    effect: string;
    source: string;
  }>;
  switches: Array<{ name: string; default: string; meaning: string }>;
}

export function settingsForTooling(): SettingsListing {
  return {
    settings: SETTING_NAMES.map((name) => {
      const defaults = Object.fromEntries(
        PROFILE_MAJORS.map((major) => [major, settingDefault(name, major)]),
      ) as Record<ProfileMajor, boolean | number | string>;
      return {
        name,
        type: typeof defaults[7],
        defaults,
        effect: SETTING_DEFINITIONS[name].effect,
        source: SETTING_DEFINITIONS[name].source,
      };
    }),
    switches: BEHAVIOUR_SWITCHES.map((entry) => ({ ...entry })),
  };
}

function table(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

export function formatSettingsTable(): string {
  const listing = settingsForTooling();
  const show = (value: boolean | number | string): string => (value === '' ? "''" : String(value));
  const settingRows = listing.settings.map((setting) => [
    setting.name,
    ...PROFILE_MAJORS.map((major) => show(setting.defaults[major])),
    setting.effect,
  ]);
  const switchRows = listing.switches.map((entry) => [entry.name, entry.default || "''", entry.meaning]);
  return [
    'Rocket.Chat settings (RC_REFERENCE_SETTINGS=Name=value,…; columns 6–9: a fresh install’s default in each profile)',
    '',
    table([['setting', ...PROFILE_MAJORS.map((major) => `${major}`), 'effect'], ...settingRows]),
    '',
    'Environment switches',
    '',
    table([['variable', 'default', 'meaning'], ...switchRows]),
  ].join('\n');
}
