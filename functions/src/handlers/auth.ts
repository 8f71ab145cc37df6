import { declared, route } from '../http';
import { describeMe, login as loginUser } from '../services/auth';

/** `POST /v1/auth/login` `{"code"}` → `{"token","openid","roles"}`. */
export const login = route(declared('POST /v1/auth/login'), async (request, deps) => ({
  status: 200,
  body: await loginUser(deps, request.body.code),
}));

/** `GET /v1/me` → who the token belongs to and their roles. */
export const me = route(declared('GET /v1/me'), async (request, deps) => ({
  status: 200,
  body: await describeMe(deps, request.principal),
}));
