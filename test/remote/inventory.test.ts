// The Ansible INI inventory parser on literal strings: groups, children, vars and their precedence,
// ranges, comments, and one-line errors that name the file and line.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { destination, expandRange, groupNames, parseInventory, selectHosts, words } from '../../src/remote/inventory.js';
import { targetsOf } from '../../src/remote/targets.js';
import { tempDir } from '../helpers.js';

const INV = `# the fleet
bastion ansible_host=203.0.113.9

[web]
web-[01:03] ansible_user=deploy
web-edge ansible_host=10.0.0.5 ansible_port=2222 ansible_user=ops   # the odd one

[db]
db-[a:b]:5022
; a comment in the other style

[prod:children]
web
db

[prod:vars]
ansible_user = admin
ansible_port=22

[web:vars]
ansible_port=2200
`;

const names = (text: string, group?: string) => selectHosts(parseInventory(text, 'hosts.ini'), group).map((h) => h.name);

describe('inventory: hosts and groups', () => {
  const inv = parseInventory(INV, 'hosts.ini');
  it('lists every host in the order of the file, ranges expanded', () => {
    expect(names(INV)).toEqual(['bastion', 'web-01', 'web-02', 'web-03', 'web-edge', 'db-a', 'db-b']);
  });
  it('a group holds its children\'s hosts; ungrouped holds the hosts before any section', () => {
    expect(names(INV, 'prod')).toEqual(['web-01', 'web-02', 'web-03', 'web-edge', 'db-a', 'db-b']);
    expect(names(INV, 'db')).toEqual(['db-a', 'db-b']);
    expect(names(INV, 'ungrouped')).toEqual(['bastion']);
    expect(groupNames(inv)).toEqual(['all', 'db', 'prod', 'ungrouped', 'web']);
  });
  it('an unknown group is a usage error listing the groups there are', () => {
    expect(() => selectHosts(inv, 'mail')).toThrow(UsageError);
    expect(() => selectHosts(inv, 'mail')).toThrow('--group mail: no such group in hosts.ini; there: all, db, prod, ungrouped, web');
  });
});

describe('inventory: variables and ssh destinations', () => {
  const byName = Object.fromEntries(selectHosts(parseInventory(INV, 'hosts.ini')).map((h) => [h.name, h]));
  it('host line over child group over parent group', () => {
    // web:vars (child of prod) sets the port, prod:vars the user, the host line overrides the user
    expect(byName['web-01']!.vars).toMatchObject({ ansible_user: 'deploy', ansible_port: '2200' });
    expect(byName['web-edge']!.vars).toMatchObject({ ansible_host: '10.0.0.5', ansible_port: '2222', ansible_user: 'ops' });
    // host:port on the host line beats the group's port
    expect(byName['db-a']!.vars).toMatchObject({ ansible_user: 'admin', ansible_port: '5022' });
    expect(byName.bastion!.vars).toEqual({ ansible_host: '203.0.113.9' });
  });
  it('ansible_host/user/port become the destination ssh connects to', () => {
    expect(destination(byName['web-edge']!)).toBe('ssh://ops@10.0.0.5:2222');
    expect(destination(byName['web-01']!)).toBe('ssh://deploy@web-01:2200');
    expect(destination(byName.bastion!)).toBe('203.0.113.9');
    expect(destination({ name: 'x', vars: { ansible_user: 'u' } })).toBe('u@x');
    expect(destination({ name: 'x', vars: { ansible_host: '2001:db8::1', ansible_port: '22' } })).toBe('ssh://[2001:db8::1]:22');
    expect(destination({ name: 'x', vars: { ansible_host: '[::1]', ansible_user: 'u' } })).toBe('u@::1');
  });
  it('the old ansible_ssh_* names and quoted values', () => {
    const h = selectHosts(parseInventory(`a ansible_ssh_host="10.1.1.1" ansible_ssh_user='root' other="two words"\n`, 'i'))[0]!;
    expect(h.vars).toEqual({ ansible_host: '10.1.1.1', ansible_user: 'root', other: 'two words' });
  });
});

describe('inventory: ranges and words', () => {
  it('expands numeric, padded, stepped, alphabetic and nested ranges', () => {
    expect(expandRange('web-[1:3]')).toEqual(['web-1', 'web-2', 'web-3']);
    expect(expandRange('web-[08:10].example')).toEqual(['web-08.example', 'web-09.example', 'web-10.example']);
    expect(expandRange('app-[1:9:4]')).toEqual(['app-1', 'app-5', 'app-9']);
    expect(expandRange('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c']);
    expect(expandRange('r[1:2]-[a:b]')).toEqual(['r1-a', 'r1-b', 'r2-a', 'r2-b']);
    expect(expandRange('web-[01:20]')).toHaveLength(20);
  });
  it('says what is wrong with a bad range', () => {
    expect(expandRange('web-[1-3]')).toMatch(/expected a range like web-\[01:20\]/);
    expect(expandRange('web-[01:100]')).toMatch(/same width/);
    expect(expandRange('web-[5:1]')).toMatch(/begin is after end/);
    expect(expandRange('web-[1:99999999]')).toMatch(/more than 10000 hosts/);
  });
  it('splits like a shell: quotes group, # starts a comment', () => {
    expect(words(`a b="c d" e # f=g`)).toEqual(['a', 'b=c d', 'e']);
    expect(words(`a b="c`)).toBe('unclosed "');
  });
});

describe('inventory: bad lines name the file and the line', () => {
  const err = (text: string) => {
    try {
      parseInventory(text, 'hosts.ini');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  it('a section that is not [g], [g:vars] or [g:children]', () => {
    expect(err('[web]\na\n[web:hosts]\n')).toBe('hosts.ini:3: expected a section [group], [group:vars] or [group:children], got [web:hosts]');
    expect(err('[web group]\n')).toMatch(/^hosts\.ini:1: expected a section/);
  });
  it('a host variable that is not key=value, a bad port, a host that would be an ssh option', () => {
    expect(err('\n[web]\nweb-1 ansible_port\n')).toBe('hosts.ini:3: expected key=value after the host name, got ansible_port');
    expect(err('web-1 ansible_port=ssh\n')).toBe('hosts.ini:1: ansible_port=ssh: expected a port number 1-65535');
    expect(err('web-1 ansible_host=-oProxyCommand=x\n')).toBe('hosts.ini:1: ansible_host=-oProxyCommand=x: expected a host name or an IP address');
    expect(err('[all:vars]\nansible_user=a b\n')).toBe('hosts.ini:2: ansible_user=a b: expected a user name');
    expect(err('-web\n')).toBe('hosts.ini:1: expected a host name, got -web');
  });
  it('a vars line without =, a bad range, an unclosed quote', () => {
    expect(err('[web:vars]\nansible_user\n')).toBe('hosts.ini:2: expected key=value in [web:vars], got ansible_user');
    expect(err('# x\nweb-[1:]\n')).toMatch(/^hosts\.ini:2: expected a range like/);
    expect(err('web-1 a="b\n')).toBe('hosts.ini:1: unclosed " in web-1 a="b');
  });
  it('a group that is its own ancestor', () => {
    expect(err('[a:children]\nb\n[b:children]\na\n')).toBe('hosts.ini:4: group a is its own ancestor (through [b:children])');
  });
});

describe('the hosts snapshot reads: --ssh, --hosts and --inventory together', () => {
  const dir = tempDir();
  const inv = path.join(dir, 'hosts.ini');
  const list = path.join(dir, 'hosts');
  writeFileSync(inv, '[web]\nweb-[1:2] ansible_user=deploy\nlocalhost ansible_connection=local\n[db]\ndb-1\n');
  writeFileSync(list, '# more\nweb-1\nmail-1  # the MTA\n');
  it('in the order given, each host once, the inventory\'s with their destinations', () => {
    expect(targetsOf({ ssh: 'db-1', hosts: list, inventory: inv })).toEqual([
      { name: 'db-1', destination: 'db-1' },
      { name: 'web-1', destination: 'web-1' },
      { name: 'mail-1', destination: 'mail-1' },
      { name: 'web-2', destination: 'deploy@web-2' },
      { name: 'localhost', destination: 'localhost', notOverSsh: 'ansible_connection=local, not ssh: read it with snapshot there' },
    ]);
    expect(targetsOf({ inventory: inv, group: 'db' })).toEqual([{ name: 'db-1', destination: 'db-1' }]);
    expect(targetsOf({ inventory: inv, group: 'db,web' }).map((t) => t.name)).toEqual(['db-1', 'web-1', 'web-2', 'localhost']);
  });
  it('--group needs --inventory; a missing file names it', () => {
    expect(() => targetsOf({ ssh: 'a', group: 'web' })).toThrow(UsageError);
    expect(() => targetsOf({ inventory: path.join(dir, 'nope.ini') })).toThrow(`${path.join(dir, 'nope.ini')}: no such file`);
  });
});
