// Stand-ins for the tools rendered scripts put in front of the program: each drops its own
// options as the real tool reads them and starts the rest (sv only answers "ok").
'use strict';
const { spawnSync } = require('node:child_process');

/** cygrunsrv --args, split as cygrunsrv.cc eval_arglist does: at spaces; a word opened by ' or " runs to that quote. */
const splitArgs = (text) => {
  const words = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') { i++; continue; }
    let stop = ' ';
    if (text[i] === "'" || text[i] === '"') stop = text[i++];
    const end = text.indexOf(stop, i);
    words.push(end < 0 ? text.slice(i) : text.slice(i, end));
    i = end < 0 ? text.length : end + 1;
  }
  return words;
};

const start = (argv, env = process.env) => {
  const out = spawnSync(argv[0], argv.slice(1), { env, stdio: 'inherit' });
  process.exit(out.status ?? 1);
};

const tools = {
  sv: () => process.exit(0),
  's6-setuidgid': (args) => start(args.slice(1)),
  chpst: (args) => {
    let i = 0;
    while (i < args.length && args[i].startsWith('-')) i += ['-u', '-U', '-n', '-e', '-/', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-r', '-t'].includes(args[i]) ? 2 : 1;
    start(args.slice(i));
  },
  setpriv: (args) => start(args.slice(args.indexOf('--') + 1)),
  nice: (args) => start(args[0] === '-n' ? args.slice(2) : args),
  'start-stop-daemon': (args) => {
    const rest = args.indexOf('--');
    start([args[args.indexOf('--startas') + 1], ...(rest < 0 ? [] : args.slice(rest + 1))]);
  },
  cygrunsrv: (args) => {
    const value = (name) => args[args.indexOf(name) + 1];
    const env = {};
    args.forEach((arg, i) => {
      if (arg !== '--env') return;
      const pair = args[i + 1];
      env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    });
    start([value('--path'), ...(args.includes('--args') ? splitArgs(value('--args')) : [])], env);
  },
};

exports.run = (tool) => tools[tool](process.argv.slice(2));
