// `watch --unit`: a systemd service (and a cron @reboot line for machines without systemd) that
// runs the recorder. Printed only; installing it is the administrator's decision. The recorder runs
// with --no-save: a daemon does not write into whichever incident happens to be open; `history
// --save` brings what it recorded into the incident when someone asks for it.
import path from 'node:path';
import { shellQuote } from '../redact/redact.js';
import { DEFAULT_RING } from './recorder.js';

export function unitText(args: { every?: string; record?: string | boolean; recordSize?: string }, bin = process.argv[1] ?? 'postmortem'): string {
  const ring = path.resolve(typeof args.record === 'string' ? args.record : DEFAULT_RING);
  const argv = [process.execPath, path.resolve(bin), 'watch', '--no-save', '--every', args.every ?? '10s', '--record', ring, ...(args.recordSize ? ['--record-size', args.recordSize] : [])];
  const cmd = argv.map(shellQuote).join(' ');
  const mkdir = `/bin/mkdir -p ${shellQuote(path.dirname(ring))}`;
  return `# /etc/systemd/system/postmortem-watch.service
[Unit]
Description=postmortem flight recorder (watch --record)
After=local-fs.target

[Service]
ExecStartPre=${mkdir}
ExecStart=${cmd}
Restart=always
RestartSec=10
Nice=10
# the ring file is allocated in full at start and never grows
MemoryMax=256M

[Install]
WantedBy=multi-user.target

# enable with: systemctl daemon-reload && systemctl enable --now postmortem-watch
# without systemd, this crontab line (crontab -e as root) instead:
# @reboot ${mkdir} && ${cmd} >/dev/null 2>&1
`;
}
