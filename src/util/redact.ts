// Secret scrubbing for anything we write down: command lines (run, the snapshot's process census)
// and command output saved as evidence. Like sos's postproc substitutions, each rule keeps the name
// of what was hidden ("--password=***") so the evidence still reads, and drops only the value.
// Over-redacting a harmless value is fine; leaking a password into a published postmortem is not.

export const MASK = '***';

/** Words that make a variable, key or flag name a secret when they are one of its parts. */
const SECRET_PARTS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'token', 'key', 'apikey', 'credential', 'credentials',
  'auth', 'cookie', 'sessionid', 'signature', 'dsn',
]);
/** Parts that make a name refer to a secret rather than hold one: "--password-file /run/pw", "KEY_ID". */
const REFERENCE_PARTS = new Set(['file', 'path', 'dir', 'id', 'name', 'type', 'size', 'length', 'bits', 'algorithm', 'format', 'sock', 'socket', 'env']);
/** Names that contain a secret word but hold none. */
const HARMLESS = /^(pwd|oldpwd|keyboard|keymap|keytype|key_?type|key_?id|public_?key|sort_?key|primary_?key|auth_?type|auth_?method|pass_?through|session_?timeout|token_?type|ssh_auth_sock)$/i;

/** "DB_PASSWORD", "apiKey", "x-auth-token", "client.secret" -> true; "PWD", "MONKEY" -> false. */
export function isSecretName(name: string): boolean {
  if (HARMLESS.test(name)) return false;
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (parts.some((p) => REFERENCE_PARTS.has(p))) return false;
  return parts.some((p) => SECRET_PARTS.has(p)) || /^(api|access|secret|private|client)key$/.test(parts.join(''));
}

type Rule = [RegExp, string | ((...m: string[]) => string)];

const RULES: Rule[] = [
  // Private key blocks (PEM, OpenSSH, PGP), also when the output was cut off before the END line.
  [/(-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----)[\s\S]*?(-----END \2PRIVATE KEY(?: BLOCK)?-----|$)/g, (_m, begin, _k, end) => `${begin}\n${MASK}\n${end}`],
  // user:password@ in URLs of any scheme (mysql://, https://, amqp://, redis://:pw@).
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s@/]+)@/gi, (_m, scheme, user) => `${scheme}${user}:${MASK}@`],
  // Authorization headers and bearer tokens.
  [/\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(bearer|basic|token|digest|negotiate)?(\s*)[^\s"',]+/gi, (_m, name, sep, scheme = '', sp = '') => `${name}${sep}${scheme}${sp}${MASK}`],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, (_m, b) => `${b}${MASK}`],
  // Well-known token formats, wherever they appear.
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{30,}\b/g, MASK],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, MASK],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, MASK],
  [/\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, MASK],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, MASK],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, MASK],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, MASK], // JWT
  // mysql -pSECRET / mysqldump -p'SECRET' (only for the MySQL family: -p means "port" or "parents" elsewhere).
  [/\b((?:mysql\w*|mariadb[\w-]*)\b[^\n|;&]*?\s-p)(?!\s|$)('[^']*'|"[^"]*"|\S+)/g, (_m, pre) => `${pre}${MASK}`],
  // sshpass -p SECRET, curl -u user:SECRET
  [/\b(sshpass\b[^\n|;&]*?\s-p\s*)('[^']*'|"[^"]*"|\S+)/g, (_m, pre) => `${pre}${MASK}`],
  [/(\s(?:-u|--user)\s+['"]?[^\s:'"/]+:)(?!\/\/)([^\s'"]+)/g, (_m, pre) => `${pre}${MASK}`],
  // SQL: IDENTIFIED BY 'secret', PASSWORD 'secret'
  [/\b(identified\s+(?:with\s+\S+\s+)?by\s+(?:password\s+)?)('[^']*'|"[^"]*")/gi, (_m, pre) => `${pre}'${MASK}'`],
  // --password=SECRET, --db-token SECRET, -password SECRET. Another flag's value may itself hold a
  // command line (sh -c '... --password=x'), so it is scrubbed in turn rather than skipped.
  [/(\s|^)(--?[A-Za-z][\w.-]*)(=|[ \t]+)(?!-)('[^']*'|"[^"]*"|[^\s;&|]+)/gm, (_m, sp, flag, sep, value) =>
    `${sp}${flag}${sep}${isSecretName(flag.replace(/^-+/, '')) ? MASK : /^['"]/.test(value) ? redact(value) : value}`],
  // "password": "SECRET" (JSON)
  [/("([^"\n]{1,80})"\s*:\s*)"(?:[^"\\\n]|\\.)*"/g, (m, pre, name) => (isSecretName(name) ? `${pre}"${MASK}"` : m)],
  // KEY=secret, DB_PASSWORD='secret', password: secret (env files, config dumps, `env` output)
  [/(^|[\s;,{(]|export\s)([A-Za-z_][\w.-]{0,80})(\s*[=:]\s*)('[^'\n]*'|"[^"\n]*"|[^\s'",;)}]+)/gm, (m, pre, name, sep, value) =>
    isSecretName(name) && value !== MASK && !(sep.trim() === ':' && /^\/\//.test(value)) ? `${pre}${name}${sep}${MASK}` : m],
];

/** The text with secrets replaced by "***"; everything else unchanged. */
export function redact(text: string): string {
  let out = text;
  for (const [re, by] of RULES) out = out.replace(re, by as never);
  return out;
}

/** A command line (argv) as one redacted string, quoting arguments that need it. */
export function redactArgv(argv: string[]): string {
  return redact(argv.map(shellQuote).join(' '));
}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
