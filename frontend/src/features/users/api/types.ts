import type { CreateUserInput, UserView } from '@multpanel/contracts';

export type {
  InviteUserInput,
  UpdateUserInput,
  UserListQuery,
  UserStatus,
} from '@multpanel/contracts';
export type User = UserView;
export type UserInput = CreateUserInput;

export const userKeys = {
  all: ['users'] as const,
  list: (params: object) => ['users', 'list', params] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};
