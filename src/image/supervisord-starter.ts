/**
 * The program that starts the processes of a supervisord image. Every program has
 * autostart=false (procform orders starts, supervisord cannot), so this one-shot program,
 * the only one supervisord starts by itself, starts the others in dependency order over
 * supervisord's socket and waits until each one runs, creating its state directories
 * first, as procform's supervisord activator does. It is fixed text; what it starts comes
 * from a JSON file.
 * @module
 */

/** Python source of the starter (run by the interpreter supervisord itself uses). */
export const SUPERVISORD_STARTER = `"""procform: starts the programs of the image in dependency order, each once it runs."""
import json, os, shutil, sys, time, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

STARTING, RUNNING, EXITED, FATAL = 10, 20, 100, 200
SHUTDOWN_STATE, ALREADY_STARTED = 6, 60


def say(text):
    print('procform: ' + text, flush=True)


def make_dirs(dirs):
    for d in dirs:
        os.makedirs(d['path'], exist_ok=True)
        os.chmod(d['path'], int(d['mode'], 8))
        if d['user'] is not None or d['group'] is not None:
            shutil.chown(d['path'], d['user'], d['group'])


def wait_up(rpc, p, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = rpc.supervisor.getProcessInfo(p['program'])
        state = info['state']
        if state == FATAL:
            return 'supervisord gave up starting it (%s)' % info['spawnerr']
        if state == EXITED:
            if p['type'] == 'oneshot' and info['exitstatus'] == 0:
                return None
            return 'it exited with code %d' % info['exitstatus']
        if p['type'] != 'oneshot' and state in (STARTING, RUNNING) and info['pid'] > 0:
            return None
        time.sleep(0.1)
    return 'not up within %d s' % timeout


def main():
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    rpc = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + plan['socket']))
    failed = set()
    for p in plan['processes']:
        broken = [d for d in p['dependencies'] if d in failed]
        if broken:
            failed.add(p['instance'])
            say('%s not started: its dependency %s did not come up' % (p['instance'], broken[0]))
            continue
        try:
            make_dirs(p['stateDirs'])
            rpc.supervisor.startProcess(p['program'], False)
            problem = wait_up(rpc, p, p['timeout'])
        except xmlrpc.client.Fault as fault:
            if fault.faultCode == SHUTDOWN_STATE:
                return 0
            problem = None if fault.faultCode == ALREADY_STARTED else fault.faultString
        except OSError as error:
            problem = str(error)
        if problem is None:
            say('started ' + p['instance'])
        else:
            failed.add(p['instance'])
            say('%s did not come up: %s' % (p['instance'], problem))
    return 1 if failed else 0


sys.exit(main())
`;
