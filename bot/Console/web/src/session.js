// Who is signed in, and which branch the pages show.
import { api, ApiError, setToken } from './api.js';

const BRANCH_KEY = 'branchbot.branch';

export const session = {
  me: null,
  /** The branch the pages show: a secretary's own, or the one an admin picked. */
  branchId: null,
  get branchName() {
    return this.me?.branches?.find((b) => b.id === this.branchId)?.name ?? this.me?.branchName ?? '';
  },
};

/** A party branch (支部) rather than a higher unit: meetings and members belong to branches. */
const isBranch = (b) => (b.kind ? /^branch$/i.test(b.kind) : /支部$/.test(b.name) && !/总支$/.test(b.name));

export async function loadMe() {
  session.me = await api.get('/me');
  const branches = session.me.branches ?? [];
  if (!session.me.isAdmin) {
    session.branchId = session.me.branchId;
  } else {
    const saved = localStorage.getItem(BRANCH_KEY);
    session.branchId = branches.some((b) => b.id === saved) ? saved : (branches.find(isBranch) ?? branches[0])?.id ?? null;
  }
  return session.me;
}

export function chooseBranch(id) {
  session.branchId = id;
  localStorage.setItem(BRANCH_KEY, id);
}

/** Signs in with a name and password, or with an access key / sign-in link token. */
export async function signIn(credentials) {
  const result = await api.post('/session', credentials);
  setToken(result.token);
  return result;
}

export async function signOut() {
  try {
    await api.del('/session');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
  setToken(null);
  session.me = null;
}
