// Secret shapes as a rule table, after gitleaks and detect-secrets: each rule has an id, keywords
// that must occur in the text (lower case) before its pattern is tried (gitleaks' prefilter: most
// text holds none, so most rules never run), and a replacement that keeps the shape, dropping only
// the value ("PGPASSWORD=[redacted]", "ghp_[redacted]"), so the evidence still reads.
// Over-redacting a harmless value is fine; leaking a password into a published postmortem is not.

export const MASK = '[redacted]';

export interface Rule {
  id: string;
  /** Lower-case strings of which one must occur in the text; empty: always try. */
  keywords: string[];
  re: RegExp;
  by: string | ((...m: string[]) => string);
}

/** Words that make a variable, key or flag name a secret when they are one of its parts. */
const SECRET_PARTS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'token', 'key', 'apikey', 'credential', 'credentials',
  'auth', 'cookie', 'sessionid', 'signature', 'dsn',
]);
/** Parts that make a name refer to a secret rather than hold one: "--password-file /run/pw", "KEY_ID". */
const REFERENCE_PARTS = new Set(['file', 'path', 'dir', 'id', 'name', 'type', 'size', 'length', 'bits', 'algorithm', 'format', 'sock', 'socket', 'env', 'url', 'uri', 'endpoint', 'expires', 'expiry', 'ttl', 'timeout', 'method']);
/** Names that contain a secret word but hold none. */
const HARMLESS = /^(pwd|oldpwd|keyboard|keymap|keytype|key_?type|key_?id|public_?key|sort_?key|primary_?key|foreign_?key|auth_?type|auth_?method|pass_?through|session_?timeout|token_?type|ssh_auth_sock)$/i;
/** Names glued without separators: PGPASSWORD, MYSQLPWD, DBSECRET, GITHUBTOKEN. */
const SECRET_SUFFIX = /(password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|pwd)$/;

/** Keywords under which a name-based rule can match at all (the parts above, as substrings). */
export const NAME_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cookie', 'credential', 'session', 'signature', 'dsn'];

/** "DB_PASSWORD", "apiKey", "x-auth-token", "client.secret", "PGPASSWORD" -> true; "PWD", "MONKEY" -> false. */
export function isSecretName(name: string): boolean {
  if (HARMLESS.test(name)) return false;
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (parts.some((p) => REFERENCE_PARTS.has(p))) return false;
  return parts.some((p) => SECRET_PARTS.has(p) || SECRET_SUFFIX.test(p)) || /^(api|access|secret|private|client)key$/.test(parts.join(''));
}

// A value ends at a backtick too: the gate runs over Markdown code spans ("`--password x`").
const QUOTED_OR_WORD = "('[^']*'|\"[^\"]*\"|[^\\s`]+)";
const keepPrefix = (m: string, prefix: string) => `${prefix}${MASK}`;

/** Token formats that identify themselves, wherever they appear: [id, keywords, pattern with the kept prefix as group 1]. */
const TOKENS: [string, string[], RegExp][] = [
  ['aws-access-key-id', ['akia', 'asia', 'agpa', 'aida', 'aroa', 'anpa', 'anva', 'aipa'], /\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g],
  ['github-token', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], /\b(gh[pousr]_)[A-Za-z0-9]{30,}\b|\b(github_pat_)[A-Za-z0-9_]{30,}\b/g],
  ['gitlab-token', ['glpat-', 'gldt-', 'glrt-'], /\b(gl(?:pat|dt|rt)-)[A-Za-z0-9_-]{20,}\b/g],
  ['slack-token', ['xox'], /\b(xox[abposre]-)[A-Za-z0-9-]{10,}\b/g],
  ['slack-webhook', ['hooks.slack.com'], /\b(hooks\.slack\.com\/services\/)[A-Za-z0-9/_+-]{20,}/g],
  ['stripe-key', ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'], /\b((?:sk|rk)_(?:live|test)_|whsec_)[A-Za-z0-9]{16,}\b/g],
  ['google-api-key', ['aiza'], /\b(AIza)[0-9A-Za-z_-]{35}\b/g],
  ['npm-token', ['npm_'], /\b(npm_)[A-Za-z0-9]{36}\b/g],
  ['pypi-token', ['pypi-'], /\b(pypi-)AgE[A-Za-z0-9_-]{50,}/g],
  ['openai-key', ['sk-'], /\b(sk-(?:proj-|svcacct-|admin-)?)[A-Za-z0-9_-]{32,}\b/g],
  ['sendgrid-key', ['sg.'], /\b(SG\.)[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\b/g],
  ['jwt', ['eyj'], /\b(eyJ)[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g],
];

export const RULES: Rule[] = [
  // Private key blocks (PEM, OpenSSH, PGP), also when the output was cut off before the END line.
  {
    id: 'private-key',
    keywords: ['private key'],
    re: /(-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----)[\s\S]*?(-----END \2PRIVATE KEY(?: BLOCK)?-----|$)/g,
    by: (_m, begin, _k, end) => `${begin}\n${MASK}\n${end}`,
  },
  // user:password@ in URLs of any scheme (mysql://, https://, amqp://, redis://:pw@).
  { id: 'url-userinfo', keywords: ['://'], re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@'"]*):([^\s@/'"]+)@/gi, by: (_m, scheme, user) => `${scheme}${user}:${MASK}@` },
  // HTTP headers: Authorization (any scheme), Cookie / Set-Cookie (the whole value).
  {
    id: 'http-authorization',
    keywords: ['authorization'],
    re: /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(bearer|basic|token|digest|negotiate|aws4-hmac-sha256)?(\s*)[^\s"',]+/gi,
    by: (_m, name, sep, scheme = '', sp = '') => `${name}${sep}${scheme}${sp}${MASK}`,
  },
  { id: 'http-cookie', keywords: ['cookie'], re: /\b((?:set-)?cookie)(\s*:\s*)([^\r\n"']+)/gi, by: (_m, name, sep) => `${name}${sep}${MASK}` },
  { id: 'bearer-token', keywords: ['bearer'], re: /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, by: keepPrefix },
  ...TOKENS.map(([id, keywords, re]): Rule => ({ id, keywords, re, by: (_m, a, b) => `${a ?? b ?? ''}${MASK}` })),
  // mysql -pSECRET / mysqldump -p'SECRET' (only for the MySQL family: -p means "port" or "parents" elsewhere).
  { id: 'mysql-p', keywords: ['mysql', 'mariadb'], re: new RegExp(`\\b((?:mysql\\w*|mariadb[\\w-]*)\\b[^\\n|;&]*?\\s-p)(?!\\s|$)${QUOTED_OR_WORD}`, 'g'), by: keepPrefix },
  // sshpass -p SECRET, redis-cli -a SECRET, curl -u user:SECRET
  { id: 'sshpass-p', keywords: ['sshpass'], re: new RegExp(`\\b(sshpass\\b[^\\n|;&]*?\\s-p\\s*)${QUOTED_OR_WORD}`, 'g'), by: keepPrefix },
  { id: 'redis-cli-a', keywords: ['redis-cli'], re: new RegExp(`\\b(redis-cli\\b[^\\n|;&]*?\\s-a\\s*)${QUOTED_OR_WORD}`, 'g'), by: keepPrefix },
  { id: 'user-colon-password', keywords: ['-u', '--user'], re: /(\s(?:-u|--user)(?:\s+|=)['"]?[^\s:'"/]+:)(?!\/\/)([^\s'"]+)/g, by: keepPrefix },
  // SQL: IDENTIFIED BY 'secret', PASSWORD 'secret'
  { id: 'sql-identified-by', keywords: ['identified'], re: /\b(identified\s+(?:with\s+\S+\s+)?by\s+(?:password\s+)?)('[^']*'|"[^"]*")/gi, by: (_m, pre) => `${pre}'${MASK}'` },
  // --password=SECRET, --db-token SECRET, -password SECRET. Another flag's value may itself hold a
  // command line (sh -c '... --password=x'), so a quoted one is scrubbed in turn rather than skipped.
  {
    id: 'secret-flag',
    keywords: NAME_KEYWORDS,
    re: /(\s|^)(--?[A-Za-z][\w.-]*)(=|[ \t]+)(?!-)('[^']*'|"[^"]*"|[^\s;&|`]+)/gm,
    by: (_m, sp, flag, sep, value) => `${sp}${flag}${sep}${isSecretName(flag.replace(/^-+/, '')) ? MASK : /^['"]/.test(value) ? redactText(value) : value}`,
  },
  // "password": "SECRET" (JSON), 'password' => 'SECRET' (PHP, Perl), {'password': 'SECRET'} (Python)
  {
    id: 'quoted-key',
    keywords: NAME_KEYWORDS,
    re: /((["'])([^"'\n]{1,80})\2\s*(?:=>|:|=)\s*)(["'])(?:(?!\4)[^\\\n]|\\.)*\4/g,
    by: (m, pre, _q, name, q) => (isSecretName(name) ? `${pre}${q}${MASK}${q}` : m),
  },
  // KEY=secret, DB_PASSWORD='secret', password: secret, client_secret=x&..., a.b.password=x (helm
  // --set), also inside sh -c '...' and after env/export. Only names with a secret word are matched
  // at all, so "database: password: x" cannot hide the password inside the value of "database".
  {
    id: 'secret-assignment',
    keywords: NAME_KEYWORDS,
    re: new RegExp(String.raw`(^|[\s;,{(?&'"\`]|export\s)(?=[\w.-]*(?:${NAME_KEYWORDS.join('|')}))([A-Za-z_][\w.-]{0,80})([ \t]*(?:=>|[=:])[ \t]*)('[^'\n]*'|"[^"\n]*"|[^\s'",;&)}\`]+)`, 'gmi'),
    by: (m, pre, name, sep, value) => (isSecretName(name) && value !== MASK && !(sep.trim() === ':' && /^\/\//.test(value)) ? `${pre}${name}${sep}${MASK}` : m),
  },
];

const escape = (k: string) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** True when some rule's keyword occurs: text without one cannot hold a secret any rule knows. */
const ANY_KEYWORD = new RegExp([...new Set(RULES.flatMap((r) => r.keywords))].map(escape).join('|'), 'i');
export const mightHoldSecret = (text: string): boolean => ANY_KEYWORD.test(text);

/** The text with every rule applied (the gate in redact.ts brands the result). */
export function redactText(text: string): string {
  const low = text.toLowerCase();
  let out = text;
  for (const rule of RULES) {
    if (rule.keywords.length && !rule.keywords.some((k) => low.includes(k))) continue;
    out = out.replace(rule.re, rule.by as never);
  }
  return out;
}
