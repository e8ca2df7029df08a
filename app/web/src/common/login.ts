// The login form of both pages: POST /api/v1/session sets the session cookie.
import { ApiError, login, type Session } from './api';
import { h } from './dom';
import { t } from './i18n';

export function askLogin(root: HTMLElement, title: string): Promise<Session> {
  return new Promise((resolve) => {
    const user = h('input', { name: 'user', autocomplete: 'username', required: true, autocapitalize: 'off' });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const error = h('p', { class: 'error', role: 'alert' });
    const button = h('button', { type: 'submit' }, t.login);
    const form = h(
      'form',
      { class: 'login' },
      h('h1', {}, title),
      h('label', {}, t.user, user),
      h('label', {}, t.password, password),
      button,
      error,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      button.disabled = true;
      error.textContent = '';
      try {
        const session = await login(user.value.trim(), password.value);
        root.hidden = true;
        root.replaceChildren();
        resolve(session);
      } catch (err) {
        const wrong = err instanceof ApiError && (err.status === 401 || err.status === 403);
        error.textContent = wrong ? `${t.wrongLogin}` : String((err as Error).message);
        button.disabled = false;
      }
    });
    root.replaceChildren(form);
    root.hidden = false;
    user.focus();
  });
}
