// A real OpenID Connect provider (the npm package oidc-provider) for the portal's district
// sign-in tests. Started by tests/oidc/conftest.py: `node provider.mjs PORT`; prints "ready".
// Fixed people, one client, plain pages with no outside fonts, consent taken as given (the
// district's own portal is a first-party client).
import http from 'node:http';
import { URLSearchParams } from 'node:url';

import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;

// login -> claims. The password is the same for everyone: "district-password".
const PEOPLE = {
  principal: { email: 'principal@district.example.org', email_verified: true, name: 'Pat Principal' },
  // The principal of org-1 in docs/oneroster-sample, for the roster-to-sign-in journey.
  principal1: { email: 'principal1@district.example.org', email_verified: true, name: 'Noah Lopez' },
  stranger: { email: 'stranger@district.example.org', email_verified: true, name: 'Sam Stranger' },
  unverified: { email: 'teacher@district.example.org', email_verified: false, name: 'Tess Teacher' },
  // Sends roles the portal must ignore: its roles come from the roster.
  inactive: {
    email: 'principal2@district.example.org',
    email_verified: true,
    roles: ['administrator'],
  },
};
const PASSWORD = 'district-password';

const page = (title, body) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'aup-portal',
      client_secret: 'test-client-secret',
      redirect_uris: ['http://testserver/oidc/callback/'],
      post_logout_redirect_uris: ['http://testserver/'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  findAccount: async (ctx, id) => {
    if (!PEOPLE[id]) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...PEOPLE[id] }) };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  scopes: ['openid', 'email', 'profile'],
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the district', `${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out of the district', '<p>You are signed out.</p>');
      },
    },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  ttl: { IdToken: 3600, AccessToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
});

// The portal runs on the Django test client's host and on the live server's free port.
provider.Client.prototype.redirectUriAllowed = (uri) =>
  /^http:\/\/(testserver|localhost:\d+|127\.0\.0\.1:\d+)\/oidc\/callback\/$/.test(uri);
provider.Client.prototype.postLogoutRedirectUriAllowed = (uri) =>
  /^http:\/\/(testserver|localhost:\d+|127\.0\.0\.1:\d+)\/$/.test(uri);

const readForm = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
  });

const signIn = async (req, res, uid) => {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const form = await readForm(req);
    const login = form.get('login');
    if (PEOPLE[login] && form.get('password') === PASSWORD) {
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      return;
    }
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(page('District sign-in', `<p>Signing in to ${details.params.client_id}</p>
    <form method="post" action="/interaction/${uid}">
      <label for="login">Username</label> <input id="login" name="login" autocomplete="username">
      <label for="password">Password</label> <input id="password" name="password" type="password">
      <button type="submit">Sign in</button>
    </form>`));
};

const callback = provider.callback();
http
  .createServer((req, res) => {
    const match = req.url.match(/^\/interaction\/([\w-]+)$/);
    if (match) {
      signIn(req, res, match[1]).catch((error) => {
        res.statusCode = 400;
        res.end(String(error));
      });
      return;
    }
    callback(req, res);
  })
  .listen(port, '127.0.0.1', () => console.log('ready'));
