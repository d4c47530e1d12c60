// The people who work in the business.
import { call } from './ipc';
import type { TeamMember } from '../bindings/TeamMember';

export const listTeam = () => call<TeamMember[]>('team_list');
export const addTeamMember = (name: string, email: string | null) =>
  call<number>('team_add', { name, email });
export const setTeamMemberActive = (id: number, active: boolean) =>
  call<null>('team_set_active', { id, active });
