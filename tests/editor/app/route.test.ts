import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../editor/app/route';

describe('editor routes', () => {
  it('opens the settings tab an OAuth callback lands on, and round-trips it', () => {
    const route = parseRoute('#/settings/connections?connected=c1');
    expect(route).toEqual({ name: 'settings', tab: 'connections' });
    expect(routeHref(route)).toBe('#/settings/connections');
  });

  it('keeps plain settings and the Slack settings page', () => {
    expect(routeHref(parseRoute('#/settings'))).toBe('#/settings');
    expect(parseRoute('#/settings/slack')).toEqual({ name: 'slackSettings' });
  });
});
