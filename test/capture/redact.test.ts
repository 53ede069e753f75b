import { describe, expect, it } from 'vitest';
import { isSecretName, redact, redactArgv } from '../../src/util/redact.js';

// Each case: input, the secret that must disappear, and text that must survive.
const CASES: [string, string, string][] = [
  ['mysql -u root -pS3cr3t! wordpress', 'S3cr3t!', 'mysql -u root -p'],
  ["mysqldump -u backup -p'hunter2 x' db", 'hunter2', 'mysqldump -u backup -p'],
  ['curl https://deploy:tok3n-abc@git.example.com/repo.git', 'tok3n-abc', 'https://deploy:***@git.example.com'],
  ['redis-cli -u redis://:sup3rpass@127.0.0.1:6379', 'sup3rpass', '127.0.0.1:6379'],
  ['pg_dump --password=Secr3tPw --host db', 'Secr3tPw', '--password=***'],
  ['app --api-token abcdef123456 --verbose', 'abcdef123456', '--verbose'],
  ['curl -H "Authorization: Bearer eyJhbGciOi.abc.def" https://api', 'eyJhbGciOi', 'Authorization: Bearer ***'],
  ['X-Auth: token Bearer Zm9vYmFyYmF6cXV4', 'Zm9vYmFyYmF6cXV4', 'Bearer ***'],
  ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE', 'AWS_ACCESS_KEY_ID='],
  ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI', 'AWS_SECRET_ACCESS_KEY=***'],
  ['export DB_PASSWORD="pa ss"', 'pa ss', 'export DB_PASSWORD=***'],
  ['KEY=abc123secret ./deploy.sh', 'abc123secret', './deploy.sh'],
  ['password: hunter2\nuser: bob', 'hunter2', 'user: bob'],
  ['{"user":"bob","password":"hunter2"}', 'hunter2', '"user":"bob"'],
  ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 used', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'used'],
  ['SLACK=xoxb-123456789-abcdefghij', 'xoxb-123456789-abcdefghij', 'SLACK='],
  ["GRANT ALL ON *.* TO 'u'@'%' IDENTIFIED BY 'hunter2';", 'hunter2', "IDENTIFIED BY '***'"],
  ['sshpass -p hunter2 ssh root@host', 'hunter2', 'ssh root@host'],
  ['curl -u admin:hunter2 http://localhost', 'hunter2', '-u admin:***'],
  [
    'key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\ndone',
    'b3BlbnNzaC1rZXktdjEAAAAA',
    '-----END OPENSSH PRIVATE KEY-----\ndone',
  ],
  ["sh -c 'echo mysql -u root --password=hunter2; df -i /'", 'hunter2', "--password=***; df -i /'"],
  ['bash -c "curl --token abc123secret https://x"', 'abc123secret', 'bash -c "curl --token'],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA (output cut here', 'MIIEowIBAAKCAQEA', '-----BEGIN RSA PRIVATE KEY-----'],
];

describe('redact', () => {
  it.each(CASES)('%s', (input, secret, kept) => {
    const out = redact(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(kept);
    expect(out).toContain('***');
  });

  it('leaves ordinary command lines and output alone', () => {
    const harmless = [
      'mkdir -p /var/www/cache',
      'ssh -p 2222 root@example.com',
      'df -i /',
      'PWD=/root OLDPWD=/tmp',
      'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/ploop 3000000 3000000 0 100% /',
      'sudo: unable to create sockets: Cannot allocate memory',
      'https://example.com/path?q=1',
      'ssh-keygen --key-file /etc/ssh/key.pub',
      'SSH_AUTH_SOCK=/tmp/ssh-XXXX/agent.123',
    ];
    for (const h of harmless) expect(redact(h)).toBe(h);
  });

  it('is idempotent', () => {
    for (const [input] of CASES) expect(redact(redact(input))).toBe(redact(input));
  });

  it('tells secret names from harmless ones', () => {
    for (const n of ['DB_PASSWORD', 'apiKey', 'x-auth-token', 'client.secret', 'MYSQL_ROOT_PASSWORD', 'KEY', 'passwd']) expect(isSecretName(n), n).toBe(true);
    for (const n of ['PWD', 'MONKEY', 'keyboard', 'password_file', 'KEY_ID', 'HOSTNAME', 'PATH']) expect(isSecretName(n), n).toBe(false);
  });

  it('quotes and redacts argv', () => {
    expect(redactArgv(['mysql', '-pS3cr3t', '-e', 'SHOW PROCESSLIST'])).toBe("mysql -p*** -e 'SHOW PROCESSLIST'");
    expect(redactArgv(['df', '-i'])).toBe('df -i');
  });
});
