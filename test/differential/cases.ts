// The differential table: one line per argv. The real docker 28 client runs each argv against the
// recording endpoint (test/support/recorder.ts) with stub plugins; the scanner must agree with
// what docker did (see judge.ts). Docker's behaviour is observed at test time; the second column
// is only a second check against shared/docker-cli-grammar.md (one word, see classify.ts summary()):
//   an operation ('container exec'), 'plugin:<name>', 'help', 'version', 'local', 'error'
//   (refused at the root, during initialisation, or an unknown command), 'error:<path>' (docker
//   refused the flags or arguments of the command whose usage it printed, e.g. 'error:exec').
//
// Placeholders, also inside tokens: $REC = the recorder (unix://…), $BAD = an address where
// nothing listens, $CFG2 = a second config dir holding the same stub plugins.
// Every argv word that is a valid plugin name gets a stub plugin (plus compose and foo), so a
// plugin run is observed rather than reported as "unknown command" (`nostub` leaves some out).
// Note that names like `help`, `completion` and `ls` are valid plugin names (see below).
//
// `fails`: a known disagreement between parseArgv and docker, kept visible as `it.fails`; the text
// says what docker does. `ref`: the case in shared/docker-cli-grammar.md section 11 (`#n`) or the
// section.

export interface Case {
  argv: string[];
  expect?: string;
  /** Extra environment ($REC/$BAD substituted). DOCKER_HOST is the recorder unless set here. */
  env?: Record<string, string>;
  /** A context created (in the fresh config dir) before the run. */
  context?: { name: string; host: string };
  /** More stub plugins than the argv words. */
  stubs?: string[];
  /** Words that get no stub plugin. */
  nostub?: string[];
  fails?: string;
  ref?: string;
}

type More = Omit<Case, 'argv' | 'expect'>;

const cases: Case[] = [];
/** One table line. A string argv is split on single spaces; use an array for '' or spaces. */
function c(argv: string | string[], expect?: string, more: More = {}): void {
  cases.push({ argv: typeof argv === 'string' ? argv.split(' ') : argv, ...(expect !== undefined ? { expect } : {}), ...more });
}

const EXEC = 'container exec';
const BADHOST = { DOCKER_HOST: '$BAD' };
/** No forwarding to buildx even if the machine has a buildx plugin in a system plugin dir. */
const LEGACY_BUILDER = { DOCKER_BUILDKIT: '0' };

// Known disagreements between parseArgv and docker; each text says what docker does.
const ENV_NO_CONTEXT =
  'environment, not argv: the context does not exist in the fresh config, docker: "context not found", exit 1, no API call; parseArgv (argv only) names the command';
const ENV_NO_CERTS =
  'environment, not argv: TLS is switched on and docker fails to open ca.pem (none in the fresh config), exit 1, no API call; parseArgv (argv only) names the command';
// Plugins docker runs where a built-in seems to be named (found by this table; parseArgv now says
// "plugin P", with what docker does when P is not installed as its fallback, see judge.ts):
// - `help …` and `completion …`: cobra adds these commands only inside Execute, after docker's
//   plugin decision (root.Find fails on them), so `docker-help` / `docker-completion` run first.
// - a true --help on a command whose name is not a root command (`container ls`, `volume prune`):
//   cmd/docker/docker.go setHelpFunc → tryRunPluginHelp runs `docker-<Use name>` (`ls` for
//   `container list`) with the whole argv when one is installed.
// - shell completion of a plugin's arguments (`__complete foo ''`): the plugin stub's
//   ValidArgsFunction (cli-plugins/manager/cobra.go) runs `docker-<name> __complete <name> …`.
const EMPTY_NAME =
  'docker refuses client-side, without an API call: "invalid container name or ID: value is empty", exit 1 (a check of the ' +
  "command's own argument); parseArgv names the command";
const ENV_NO_BUILDX =
  'environment, not argv: without a buildx plugin docker refuses `bake` ("docker bake requires the buildx component"), exit 1, ' +
  'no API call; parseArgv names bake';

// ---- shared/docker-cli-grammar.md section 11 (cases that need no special machine config) ----
c('exec c sh', EXEC, { ref: '#1' });
c('container exec c sh', EXEC, { ref: '#2' });
c('--log-level debug exec c sh', EXEC, { ref: '#3' });
c('-l=debug exec c sh', EXEC, { ref: '#4' });
c('-ldebug exec c sh', EXEC, { ref: '#5' });
c('-lDEBUG exec c sh', EXEC, { ref: '#6' });
c('-Dl debug exec c sh', EXEC, { ref: '#7' });
c('-lD exec c sh', 'error', { ref: '#8' });
c('-D=false exec c sh', EXEC, { ref: '#9' });
c('-D=0 exec c sh', EXEC, { ref: '#9' });
c('--debug=false exec c sh', EXEC, { ref: '#9' });
c('--debug false exec c sh', 'plugin:false', { ref: '#10' });
c('--context=default exec c sh', EXEC, { ref: '#11' });
c('-c default exec c sh', EXEC, { ref: '#11' });
c('-cdefault exec c sh', EXEC, { ref: '#11' });
c('-c=default exec c sh', EXEC, { ref: '#11' });
c('-Dc default exec c sh', EXEC, { ref: '#11' });
c('-Dcdefault exec c sh', EXEC, { ref: '#11' });
c('--context= exec c sh', EXEC, { ref: '#12' });
c('-c nosuch exec c sh', 'error', { ref: '#13', fails: ENV_NO_CONTEXT });
c('-H $REC exec c sh', EXEC, { ref: '#14', env: BADHOST });
c('-H$REC exec c sh', EXEC, { ref: '#14', env: BADHOST });
c('-H=$REC exec c sh', EXEC, { ref: '#14', env: BADHOST });
c('--host=$REC exec c sh', EXEC, { ref: '#14', env: BADHOST });
c('--host $REC exec c sh', EXEC, { ref: '#14', env: BADHOST });
c('-DH $REC exec c sh', EXEC, { ref: '#14', env: BADHOST });
c('-H $REC -H $REC exec c sh', 'error', { ref: '#16' });
c('-c default -H $REC exec c sh', 'error', { ref: '#17' });
c('--host exec c sh', 'plugin:c', { ref: '#18' });
c('--config /nonexistent-dg-cfg exec c sh', EXEC, { ref: '#19' });
c('--config= exec c sh', EXEC, { ref: '#19' });
c('--tlsverify=false exec c sh', 'error', { ref: '#20', fails: ENV_NO_CERTS });
c('--tls=false exec c sh', EXEC, { ref: '#21' });
c('-- exec c sh', EXEC, { ref: '#22' });
c('-- -D exec c sh', EXEC, { ref: '#23' });
c('-- -H $REC exec c sh', EXEC, { ref: '#24', env: BADHOST });
c('-- --context rec exec c sh', EXEC, { ref: '#25', context: { name: 'rec', host: '$BAD' } });
c('-- -- exec c sh', 'error', { ref: '#26' });
c('-D -- -- exec c sh', 'error', { ref: '#26' });
c('- exec c sh', 'error', { ref: '#27' });
c(['', 'exec', 'c', 'sh'], 'error', { ref: '#28' });
c('EXEC c sh', 'error', { ref: '#29' });
c('Exec c sh', 'error', { ref: '#29' });
c('container EXEC c sh', 'error', { ref: '#29' });
c('ex c sh', 'plugin:ex', { ref: '#30 (a stub docker-ex exists here)' });
c('container ex c sh', 'error', { ref: '#30' });
c('--log-lev debug exec c sh', 'error', { ref: '#31' });
c('--log debug exec c sh', 'error', { ref: '#31' });
c('-v exec c sh', EXEC, { ref: '#32' });
c('--version exec c sh', EXEC, { ref: '#32' });
c('--version=true exec c sh', EXEC, { ref: '#32' });
c('-vD exec c sh', EXEC, { ref: '#32' });
c('-Dv exec c sh', EXEC, { ref: '#32' });
c('-- -v exec c sh', EXEC, { ref: '#32' });
c('-v', 'version', { ref: '#33' });
c('--version', 'version', { ref: '#33' });
c('-- --version', 'version', { ref: '#33' });
c('-v ps', 'container ls', { ref: '#34' });
c('-h exec c sh', 'help', { ref: '#35' });
c('--help exec c sh', 'help', { ref: '#35' });
c('exec --help', 'help', { ref: '#35' });
c('exec -h', 'help', { ref: '#35' });
c('exec --help c sh', 'help', { ref: '#35' });
c('--help=false exec c sh', EXEC, { ref: '#36' });
c('--help=0 exec c sh', EXEC, { ref: '#36' });
c('-h=false exec c sh', EXEC, { ref: '#36' });
c('container --help=false exec c sh', EXEC, { ref: '#37' });
c('container -h=false exec c sh', EXEC, { ref: '#37' });
c('container --help=0 exec c sh', EXEC, { ref: '#37' });
c('container --help=F exec c sh', EXEC, { ref: '#37' });
c('container --help=false --help=false exec c sh', EXEC, { ref: '#37' });
c('container --help false exec c sh', 'help', { ref: '#38' });
c('container --help= exec c sh', 'error', { ref: '#39' });
c('container -D exec c sh', 'error:container', { ref: '#40' });
c('container --debug exec c sh', 'error:container', { ref: '#40' });
c('container -- exec c sh', 'error', { ref: '#41' });
c('container -v exec c sh', 'error:container', { ref: '#42' });
c('exec c sh --help', EXEC, { ref: '#43' });
c('exec -- c sh', EXEC, { ref: '#44' });
c('container exec -- c sh', EXEC, { ref: '#44' });
c('exec c -it sh', EXEC, { ref: '#45' });
c('exec --privileged=true c sh', EXEC, { ref: '#46' });
c('exec --user=root --privileged c sh', EXEC, { ref: '#46' });
c('help exec', 'help', { ref: '#47', nostub: ['help'] });
c('help container exec', 'help', { ref: '#47', nostub: ['help'] });
c('help container list', 'help', { ref: '#47', nostub: ['help'] });
c('help exec c', 'error', { ref: '#48', nostub: ['help'] });
c('container help exec', 'error', { ref: '#49' });
c('image help save', 'error', { ref: '#49' });
c('exec help', 'error:exec', { ref: '#49' });
c('image save x', 'image save', { ref: '#50' });
c('save x', 'image save', { ref: '#50' });
c('image --help=false save x', 'image save', { ref: '#51' });
c('-D -- image --help=false save x', 'image save', { ref: '#51' });
c('image images', 'error', { ref: '#52' });
c('rmi x', 'image rm', { ref: '#53' });
c('image rm x', 'image rm', { ref: '#53' });
c('image rmi x', 'image rm', { ref: '#53' });
c('image remove x', 'image rm', { ref: '#53' });
c('container remove c', 'container rm', { ref: '#54' });
c('container rm c', 'container rm', { ref: '#54' });
c('ps --context foo', 'error:ps', { ref: '#55' });
c('exec --context x c sh', 'error:exec', { ref: '#55' });
c('attach c', 'container attach', { ref: '#56' });
c('cp c:/etc/passwd ./x', 'container cp', { ref: '#57' });
c('compose exec svc sh', 'plugin:compose', { ref: '#58' });
c('-l debug compose -f x.yml exec svc sh', 'plugin:compose', { ref: '#59' });
c('compose --project-name p cp svc:/etc/passwd .', 'plugin:compose', { ref: '#60' });
c('-- compose ps', 'plugin:compose', { ref: '#61' });
c('-- -D compose ps', 'error', { ref: '#62' });
c('-- -H $BAD compose ps', 'error', { ref: '#62' });
c('COMPOSE ps', 'error', { ref: '#63' });
c('help compose', 'plugin:compose', { ref: '#64', nostub: ['help'] });
c('--help compose', 'plugin:compose', { ref: '#64' });
c('compose --help', 'plugin:compose', { ref: '#64' });
c('ls', 'plugin:ls', { ref: '#65' });
c('build .', 'plugin:buildx', { ref: '#66', stubs: ['buildx'] });
c('image build .', 'plugin:buildx', { ref: '#66', stubs: ['buildx'] });
c('builder build .', 'plugin:buildx', { ref: '#66', stubs: ['buildx'] });
c('image --help=false build .', 'image build', { ref: '#67', stubs: ['buildx'] });
c('builder prune', 'plugin:buildx', { ref: '#68', stubs: ['buildx'] });
c('bake', 'plugin:buildx', { ref: '#68', stubs: ['buildx'] });
c('run --privileged img', 'container run', { ref: '#72' });
c('run --privileged false img', 'container run', { ref: '#73' });
c('run --name --privileged img', 'container run', { ref: '#74' });
c('run img --privileged', 'container run', { ref: '#75' });
c('run -- img --privileged', 'container run', { ref: '#75' });
c('run -h --privileged img', 'container run', { ref: '#76' });
c('run -v /:/host img', 'container run', { ref: '#77' });
c('run -v=/:/h img', 'container run', { ref: '#77' });
c('run -tv=/:/h img', 'container run', { ref: '#77' });
c('run -dv /:/h img', 'container run', { ref: '#77' });
c('run -dtv/:/h img', 'container run', { ref: '#77' });
c('run --volume=/:/h img', 'container run', { ref: '#77' });
c('run -v .:/h img', 'container run', { ref: '#78' });
c('run --mount type=bind,src=/,dst=/h img', 'container run', { ref: '#79' });
c('run --mount TYPE=BIND,SRC=/,DST=/h img', 'container run', { ref: '#79' });
c('run --mount type=volume,src=v,dst=/h,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc img', 'container run', { ref: '#80' });
c('run --network name=host img', 'container run', { ref: '#81' });
c('run --net host img', 'container run', { ref: '#81' });
c('run --cap-add=SYS_ADMIN,NET_ADMIN img', 'container run', { ref: '#82' });
c('run --security-opt seccomp:unconfined img', 'container run', { ref: '#83' });
c('run --use-api-socket img', 'container run', { ref: '#84' });
c('create --privileged img', 'container create', { ref: '#85' });
c('start c', 'container start', { ref: '#85' });
c('system dial-stdio', 'system dial-stdio', { ref: '#86' });
c('exec c sh', EXEC, { ref: '#87', env: { DOCKER_HIDE_LEGACY_COMMANDS: '1' } });
c(['__complete', 'exec', ''], 'container ls', { ref: '#89' });
c('rm c -f', 'container rm', { ref: '#91' });
c('volume create myvol --opt type=none --opt o=bind --opt device=/', 'volume create', { ref: '#92' });
c('--config $CFG2 bar', 'plugin:bar', { ref: '#93' });
c('ps', 'error', { ref: '#94', env: { DOCKER_TLS_VERIFY: '0' }, fails: ENV_NO_CERTS });
c('ps', 'error', { ref: '#94', env: { DOCKER_TLS: '0' }, fails: ENV_NO_CERTS });
c('run --network=name=container:abc img', 'container run', { ref: '#95' });

// ---- every spelling of every command whose API call the recorder identifies (section 4.2) ----
c('container attach c', 'container attach', { ref: '4.2' });
c('commit c', 'container commit', { ref: '4.2' });
c('container commit c', 'container commit', { ref: '4.2' });
c('cp c:/etc/passwd -', 'container cp', { ref: '4.2' });
c('container cp c:/etc/passwd -', 'container cp', { ref: '4.2' });
c('create img', 'container create', { ref: '4.2' });
c('container create img', 'container create', { ref: '4.2' });
c('diff c', 'container diff', { ref: '4.2' });
c('container diff c', 'container diff', { ref: '4.2' });
c('export c', 'container export', { ref: '4.2' });
c('container export c', 'container export', { ref: '4.2' });
c('container inspect c', 'container inspect', { ref: '4.2' });
c('inspect c', 'container inspect', { ref: '4.2 (generic inspect)' });
c('inspect --type image x', 'image inspect', { ref: '4.2 (generic inspect)' });
c('kill c', 'container kill', { ref: '4.2' });
c('container kill c', 'container kill', { ref: '4.2' });
c('logs c', 'container logs', { ref: '4.2' });
c('container logs c', 'container logs', { ref: '4.2' });
c('ps', 'container ls', { ref: '4.2' });
c('container ls', 'container ls', { ref: '4.2' });
c('container ps', 'container ls', { ref: '4.2' });
c('container list', 'container ls', { ref: '4.2' });
c('pause c', 'container pause', { ref: '4.2' });
c('container pause c', 'container pause', { ref: '4.2' });
c('container prune -f', 'container prune', { ref: '4.2' });
c('rename c d', 'container rename', { ref: '4.2' });
c('container rename c d', 'container rename', { ref: '4.2' });
c('restart c', 'container restart', { ref: '4.2' });
c('container restart c', 'container restart', { ref: '4.2' });
c('rm c', 'container rm', { ref: '4.2' });
c('run img', 'container run', { ref: '4.2' });
c('container run img', 'container run', { ref: '4.2' });
c('run -d img', 'container run', { ref: '4.2' });
c('container start c', 'container start', { ref: '4.2' });
c('stats --no-stream c', 'container stats', { ref: '4.2' });
c('container stats --no-stream c', 'container stats', { ref: '4.2' });
c('stop c', 'container stop', { ref: '4.2' });
c('container stop c', 'container stop', { ref: '4.2' });
c('top c', 'container top', { ref: '4.2' });
c('container top c', 'container top', { ref: '4.2' });
c('unpause c', 'container unpause', { ref: '4.2' });
c('container unpause c', 'container unpause', { ref: '4.2' });
c('update --cpus 1 c', 'container update', { ref: '4.2' });
c('container update --cpus 1 c', 'container update', { ref: '4.2' });
c('wait c', 'container wait', { ref: '4.2' });
c('container wait c', 'container wait', { ref: '4.2' });
c('build .', 'image build', { ref: '4.2 (legacy builder)', env: LEGACY_BUILDER });
c('rm -fv c', 'container rm');
c('container remove --volumes c', 'container rm');
c('image build .', 'image build', { ref: '4.2 (legacy builder)', env: LEGACY_BUILDER });
c('builder build .', 'image build', { ref: '4.2 (legacy builder)', env: LEGACY_BUILDER });
c('history x', 'image history', { ref: '4.2' });
c('image history x', 'image history', { ref: '4.2' });
c('import -', 'image import', { ref: '4.2' });
c('image import -', 'image import', { ref: '4.2' });
c('image inspect x', 'image inspect', { ref: '4.2' });
c('load', 'image load', { ref: '4.2' });
c('image load', 'image load', { ref: '4.2' });
c('images', 'image ls', { ref: '4.2' });
c('image ls', 'image ls', { ref: '4.2' });
c('image list', 'image ls', { ref: '4.2' });
c('image prune -f', 'image prune', { ref: '4.2' });
c('pull x', 'image pull', { ref: '4.2' });
c('image pull x', 'image pull', { ref: '4.2' });
c('push x', 'image push', { ref: '4.2' });
c('image push x', 'image push', { ref: '4.2' });
c('tag a b', 'image tag', { ref: '4.2' });
c('image tag a b', 'image tag', { ref: '4.2' });
c('system df', 'system df', { ref: '4.2' });
c('events', 'system events', { ref: '4.2' });
c('system events', 'system events', { ref: '4.2' });
c('info', 'system info', { ref: '4.2' });
c('system info', 'system info', { ref: '4.2' });
c('system prune -f', 'system prune', { ref: '4.2' });
c('version', 'version', { ref: '4.2' });
c('search x', 'search', { ref: '4.2' });
c('network connect n c', 'network connect', { ref: '4.2' });
c('network create n', 'network create', { ref: '4.2' });
c('network disconnect n c', 'network disconnect', { ref: '4.2' });
c('network inspect n', 'network inspect', { ref: '4.2' });
c('network ls', 'network ls', { ref: '4.2' });
c('network list', 'network ls', { ref: '4.2' });
c('network prune -f', 'network prune', { ref: '4.2' });
c('network rm n', 'network rm', { ref: '4.2' });
c('network remove n', 'network rm', { ref: '4.2' });
c('plugin disable p', 'plugin disable', { ref: '4.2' });
c('plugin enable p', 'plugin enable', { ref: '4.2' });
c('plugin inspect p', 'plugin inspect', { ref: '4.2' });
c('plugin install p', 'plugin install', { ref: '4.2' });
c('plugin ls', 'plugin ls', { ref: '4.2' });
c('plugin list', 'plugin ls', { ref: '4.2' });
c('plugin push p', 'plugin push', { ref: '4.2' });
c('plugin rm p', 'plugin rm', { ref: '4.2' });
c('plugin remove p', 'plugin rm', { ref: '4.2' });
c('plugin set p a=b', 'plugin set', { ref: '4.2' });
c('volume create v', 'volume create', { ref: '4.2' });
c('volume inspect v', 'volume inspect', { ref: '4.2' });
c('volume ls', 'volume ls', { ref: '4.2' });
c('volume list', 'volume ls', { ref: '4.2' });
c('volume prune -f', 'volume prune', { ref: '4.2' });
c('volume rm v', 'volume rm', { ref: '4.2' });
c('volume remove v', 'volume rm', { ref: '4.2' });
c('config create x -', 'config create', { ref: '4.2' });
c('config inspect x', 'config inspect', { ref: '4.2' });
c('config ls', 'config ls', { ref: '4.2' });
c('config list', 'config ls', { ref: '4.2' });
c('config rm x', 'config rm', { ref: '4.2' });
c('config remove x', 'config rm', { ref: '4.2' });
c('secret create x -', 'secret create', { ref: '4.2' });
c('secret inspect x', 'secret inspect', { ref: '4.2' });
c('secret ls', 'secret ls', { ref: '4.2' });
c('secret list', 'secret ls', { ref: '4.2' });
c('secret rm x', 'secret rm', { ref: '4.2' });
c('secret remove x', 'secret rm', { ref: '4.2' });
c('node inspect n', 'node inspect', { ref: '4.2' });
c('node ls', 'node ls', { ref: '4.2' });
c('node list', 'node ls', { ref: '4.2' });
c('node rm n', 'node rm', { ref: '4.2' });
c('node remove n', 'node rm', { ref: '4.2' });
c('service create img', 'service create', { ref: '4.2' });
c('service inspect s', 'service inspect', { ref: '4.2' });
c('service ls', 'service ls', { ref: '4.2' });
c('service list', 'service ls', { ref: '4.2' });
c('service rm s', 'service rm', { ref: '4.2' });
c('service remove s', 'service rm', { ref: '4.2' });
c('swarm init', 'swarm init', { ref: '4.2' });
c('swarm join --token t h:2377', 'swarm join', { ref: '4.2' });
c('swarm leave', 'swarm leave', { ref: '4.2' });
c('swarm unlock-key', 'swarm unlock-key', { ref: '4.2' });
c('context ls', 'local', { ref: '4.2 (client-side)' });
c('context list', 'local', { ref: '4.2 (client-side)' });
c('context show', 'local', { ref: '4.2 (client-side)' });
c('context inspect default', 'local', { ref: '4.2 (client-side)' });
c('completion bash', 'local', { ref: '4.1 (hidden, client-side)', nostub: ['completion'] });

// ---- global-flag spellings (sections 2, 3) ----
c('--debug ps', 'container ls');
c('-D ps', 'container ls');
c('-D -D ps', 'container ls');
c('--debug=true ps', 'container ls');
c('--debug=T ps', 'container ls');
c('--debug=yes ps', 'error');
c('-D=yes ps', 'error');
c('--log-level=debug ps', 'container ls');
c('--log-level=DeBuG ps', 'container ls');
c('--log-level debug --log-level info ps', 'container ls');
c('--log-level= ps', 'container ls', { ref: 'an empty level keeps the default' });
c(['-l', '', 'ps'], 'container ls');
c('-l', 'error');
c('-H', 'error');
c('--host', 'error');
c('--log-level ps', 'error');
c('-lDEBUG ps', 'container ls');
c('-Dlinfo ps', 'container ls');
c('-DlD ps', 'error');
c('-DvH $REC ps', 'container ls', { env: BADHOST });
c('-vDH=$REC ps', 'container ls', { env: BADHOST });
c('-DH=$REC ps', 'container ls', { env: BADHOST });
c('--config=$CFG2 ps', 'container ls');
c('--config $CFG2 compose ps', 'plugin:compose');
c('--config=$CFG2 foo', 'plugin:foo');
c('--tls=false --tls=false ps', 'container ls');
c('--tls ps', 'error', { fails: ENV_NO_CERTS });
c('--tlscacert /nonexistent-dg/ca.pem ps', 'container ls');
c('--tlscert=/nonexistent-dg/cert.pem --tlskey=/nonexistent-dg/key.pem ps', 'container ls');
c('--context default ps', 'container ls');
c('-c default ps', 'container ls');
c('-c nosuch ps', 'error', { fails: ENV_NO_CONTEXT });
c('--context rec ps', 'container ls', { context: { name: 'rec', host: '$REC' }, env: BADHOST });
c('-crec ps', 'container ls', { context: { name: 'rec', host: '$REC' }, env: BADHOST });
c('-- --context rec ps', 'container ls', { context: { name: 'rec', host: '$BAD' } });
c('-- -H $REC ps', 'container ls', { env: BADHOST });
c('-- -D ps', 'container ls');
c('-- ps', 'container ls');
c('-- -- ps', 'error');
c('-D -- ps', 'container ls');
c('-- -v ps', 'container ls');
c('-- -h ps', 'help');
c('-- --help=false ps', 'container ls');
c('-- --bogus ps', 'error');
c('-- -lD ps', 'container ls', { ref: 'a late log level is applied after Initialize, never validated' });
c('--', 'help');
c('-D', 'help');
c('-D --', 'help');
c([], 'help');
c('--help', 'help');
c('-h', 'help');
c('--help=false', 'help');
c('--help=true', 'help');
c('--help=1 ps', 'help');
c('--help=False ps', 'container ls');
c('--help=FALSE ps', 'container ls');
c('--help=f ps', 'container ls');
c('--help=no ps', 'error');
c('-h=0 ps', 'container ls');
c('-h=f ps', 'container ls');
c('-hD ps', 'help');
c('-Dh ps', 'help');
c('-vh ps', 'help');
c('--help --help=false ps', 'container ls');
c('--help=false --help ps', 'help');
c('-v -h', 'help');
c('-h -v', 'help');
c('-v --help=false', 'version');
c('--version=false', 'help');
c('--version=false ps', 'container ls');
c('--version=0', 'help');
c('-v=true', 'version');
c('-v=false', 'help');
c('-vv', 'version');
c('-v -v', 'version');
c('-v -D', 'version');
c('-v --', 'version');
c('-v -- ps', 'container ls');
c('-v foo', 'plugin:foo');
c('-v compose ps', 'plugin:compose');
c('--bogus', 'error');
c('--bogus ps', 'error');
c('-x ps', 'error');
c('-Dx ps', 'error');
c('---debug ps', 'error');
c('--=x ps', 'error');
c('--= ps', 'error');
c(['-', 'ps'], 'error');
c('-', 'error');
c(['', 'ps'], 'error');
c(['ps', ''], 'error:ps');
c(['exec', '', 'sh'], 'error', { fails: EMPTY_NAME });
c(['container', '', 'ls'], 'error');
c(['-D', '', 'ps'], 'error');
c(['--log-level', '', 'ps'], 'container ls');
c(['--context', '', 'ps'], 'container ls');
c(['-c', '', 'ps'], 'container ls');
c(['--config', '', 'ps'], 'container ls');
c(['-H', '$REC', '', 'ps'], 'error', { env: BADHOST });
c(['exec c', 'sh'], 'error');
c([' exec', 'c', 'sh'], 'error');
c(['exec ', 'c', 'sh'], 'error');
c(['-D exec', 'c', 'sh'], 'error');
c(['--debug exec', 'c', 'sh'], 'error');

// management-level flags
c('container --help=false ls', 'container ls');
c('container -h=false ls', 'container ls');
c('image --help=false ls', 'image ls');
c('image -h=F ls', 'image ls');
c('container --help ls', 'help', { nostub: ['ls'] });
c('container -h ls', 'help', { nostub: ['ls'] });
c('container ls --help', 'help', { nostub: ['ls'] });
c('container ls -h', 'help', { nostub: ['ls'] });
c('container ls --help=false', 'container ls');
c('container --help=false', 'help');
c('container', 'help');
c('image', 'help');
c('network', 'help');
c('container --help=x ls', 'error');
c('container -x ls', 'error:container');
c('container --bogus ls', 'error:container');
c('container --config x ls', 'error');
c('container -H $REC ls', 'error');
c('container -l debug ls', 'error');
c('container -c default ls', 'error');
c('container --version ls', 'error:container');
c('container -- ls', 'error');
c('container - ls', 'error');
c('image -D ls', 'error:image');
c('network --debug ls', 'error:network');
c('volume -v ls', 'error:volume');
c('stack ls', 'stack ls');
c('stack list', 'stack ls');
c('stack --orchestrator swarm ls', 'stack ls', { ref: 'stack keeps a deprecated persistent --orchestrator' });
c('stack ls --orchestrator swarm', 'stack ls');
c('system --help=false info', 'system info');
c('system --help=false dial-stdio', 'system dial-stdio');
c('-D system dial-stdio', 'system dial-stdio');
c('-- system dial-stdio', 'system dial-stdio');
c('image --help=false --help=false rm x', 'image rm');
c('image --help=true rm x', 'help');
c('network --help=0 rm n', 'network rm');
c('-D -- container --help=false exec c sh', EXEC);
c('-- container --help=false -- exec c sh', 'error');

// case variants
c('PS', 'error');
c('Ps', 'error');
c('pS', 'error');
c('CONTAINER ls', 'error');
c('Container ls', 'error');
c('container LS', 'error');
c('container Ls', 'error');
c('IMAGE ls', 'error');
c('image LS', 'error');
c('RUN img', 'error');
c('Compose ps', 'error');
c('FOO', 'error');
c('--DEBUG ps', 'error');
c('--Debug ps', 'error');
c('-d ps', 'error');
c('-L debug ps', 'error');
c('-C default ps', 'error');
c('--Host $REC ps', 'error');
c('--LOG-LEVEL debug ps', 'error');
c('--HELP ps', 'error');
c('-V', 'error');

// prefix abbreviations (neither flags nor commands are matched by prefix)
c('--deb ps', 'error');
c('--debu ps', 'error');
c('--conf /tmp ps', 'error');
c('--cont default ps', 'error');
c('--hos $REC ps', 'error');
c('--log-l debug ps', 'error');
c('--vers', 'error');
c('--he ps', 'error');
c('--tlsv ps', 'error');
c('con ls', 'plugin:con');
c('cont ls', 'plugin:cont');
c('conta ls', 'plugin:conta');
c('im ls', 'plugin:im');
c('container l', 'error');
c('container lis', 'error');
c('image r x', 'error');
c('ima ls', 'plugin:ima');
c('exe c sh', 'plugin:exe');
c('execc c sh', 'plugin:execc');
c('e c sh', 'plugin:e');
c('container exe c sh', 'error');
c('container execute c sh', 'error');
c('compos ps', 'plugin:compos');

// plugins
c('compose', 'plugin:compose');
c('compose ps', 'plugin:compose');
c('compose -v exec svc sh', 'plugin:compose');
c('-D compose ps', 'plugin:compose');
c('-Dl debug compose ps', 'plugin:compose');
c('--debug --log-level=info compose ps', 'plugin:compose');
c('-H $REC compose ps', 'plugin:compose', { env: BADHOST });
c('-c default compose ps', 'plugin:compose');
c('--help=false compose ps', 'plugin:compose');
c('-h compose', 'plugin:compose');
c('help compose ps', 'plugin:compose', { nostub: ['help'] });
c('foo', 'plugin:foo');
c('foo bar', 'plugin:foo');
c('foo exec c sh', 'plugin:foo');
c('foo --help', 'plugin:foo');
c('foo -v', 'plugin:foo');
c('-D foo', 'plugin:foo');
c('--debug foo', 'plugin:foo');
c('--debug foo bar', 'plugin:foo');
c('-c default foo', 'plugin:foo');
c('help foo', 'plugin:foo', { nostub: ['help'] });
c('--help foo', 'plugin:foo');
c('-- foo', 'plugin:foo');
c('-- -- foo', 'error');
c('-- -D foo', 'error');
c('foo2 x', 'plugin:foo2');
c('f00', 'plugin:f00');
c('exec', 'error:exec');
c('help', 'help', { nostub: ['help'] });
c('help help', 'help', { nostub: ['help'] });
c('help ps', 'help', { nostub: ['help'] });
c('help rmi', 'help', { nostub: ['help'] });
c('help image rmi', 'help', { nostub: ['help'] });
c('help container', 'help', { nostub: ['help'] });
c('help nosuchword', 'plugin:nosuchword', { nostub: ['help'] });
c('help Foo', 'error', { nostub: ['help'] });
c('--debug compose', 'plugin:compose');
c('--debug=false compose ps', 'plugin:compose');
c('--log-level compose ps', 'error');
c('-l compose ps', 'error');
c('--config compose ps', 'container ls');
c('-c compose ps', 'error', { fails: ENV_NO_CONTEXT });
c('-H compose foo', 'plugin:foo', { env: BADHOST });
c('--config $CFG2 compose foo', 'plugin:compose');

// ---- `--` before the command word: docker's Find (plugin decision) and Traverse see the same args ----
c('-- -H $REC', 'help', { env: BADHOST });
c('-- -l debug', 'help');
c('-- -c default ps', 'container ls');
c('-- -c=default ps', 'container ls');
c('-- --config $CFG2 foo', 'error');
c('-- --config=$CFG2 foo', 'error');
c('-- --debug=false ps', 'container ls');
c('-- -D=false ps', 'container ls');
c('-- -Dv ps', 'container ls');
c('-- -h', 'help');
c('-- -v', 'version');
c('-- -D -- ps', 'error');
c('-- -H $REC -- ps', 'error', { env: BADHOST });
c('container -h=false -h=false ls', 'container ls');
c('container --help=true exec c sh', 'help');
c('image --help=false -- build .', 'error');

// ---- builder / bake without and with a buildx plugin ----
c('builder prune -f', 'builder prune', { env: LEGACY_BUILDER });
c('builder', 'help', { env: LEGACY_BUILDER });
c('builder', 'plugin:buildx', { stubs: ['buildx'] });
c('builder ls', 'plugin:buildx', { stubs: ['buildx'] });
c('builder ls', 'error:builder');
c('bake', 'error', { fails: ENV_NO_BUILDX });
c('-D build .', 'plugin:buildx', { stubs: ['buildx'] });
c('build .', 'image build', { stubs: ['buildx'], env: LEGACY_BUILDER });
c('buildx build .', 'plugin:buildx');

// ---- plugins that take over built-in spellings (found by this table; not in the grammar doc) ----
// `help` and `completion` are added by cobra only inside Execute, after docker's plugin decision.
c('help', 'plugin:help', {});
c('help exec', 'plugin:help', {});
c('help container ls', 'plugin:help', {});
c('help compose', 'plugin:help', {});
c('help foo', 'plugin:help', {});
c('-D help exec', 'plugin:help', {});
c('completion bash', 'plugin:completion', {});
c('completion zsh', 'plugin:completion', {});
c('completion', 'plugin:completion', {});
c('completion', 'help', { nostub: ['completion'] });
// --help of a sub-command runs the plugin named like the sub-command (cobra Name(), not the alias typed).
c('container ls --help', 'plugin:ls', {});
c('container ls -h', 'plugin:ls', {});
c('container --help ls', 'plugin:ls', {});
c('container -h ls', 'plugin:ls', {});
c('container list --help', 'plugin:ls', { stubs: ['ls'] });
c('container list --help', 'help', { nostub: ['ls'] });
c('--help container ls', 'plugin:ls', {});
c('-h container ls', 'plugin:ls', {});
c('container --help=1 ls', 'plugin:ls', {});
c('image ls --help', 'plugin:ls', {});
c('network ls --help', 'plugin:ls', {});
c('volume prune --help', 'plugin:prune', {});
// Help tokens the scanner reads with character tests (parse-argv.ts asksForHelp): a cluster that
// reaches `h`, `--help=<true>`, and `-h=false` (not help: the command runs).
c('container ls -ah', 'plugin:ls', {});
c('network ls --help=true', 'plugin:ls', {});
c('volume ls -qh', 'plugin:ls', {});
c('container ls -h=false', 'container ls');
c('volume prune --help', 'help', { nostub: ['prune'] });
c('context show --help', 'plugin:show', {});
c('swarm init --help', 'plugin:init', {});
c('system df --help', 'plugin:df', {});
c('system df --help', 'help', { nostub: ['df'] });
// …but not when the name is a root command: such a plugin is invalid (it "duplicates a builtin").
c('container exec --help', 'help');
c('container rm --help', 'help');
c('image rm --help', 'help');
c('image remove --help', 'help');
c('run --help', 'help');
c('container run --help', 'help');
c('ps --help', 'help');
c('--help ps', 'help');
c('help container ls', 'help', { nostub: ['help'] });
// Shell completion of a plugin's arguments runs the plugin.
c(['__complete', 'foo', ''], 'plugin:foo', {});
c(['__complete', 'compose', 'exec', ''], 'plugin:compose', {});
c(['__completeNoDesc', 'ls', ''], 'plugin:ls', {});
c(['-D', '__complete', 'foo', 'x'], 'plugin:foo', {});
c(['__complete', 'foo', ''], 'local', { nostub: ['foo'] });
c(['__complete', 'ps', ''], 'local');

// Found by the random differential test (random.test.ts), then pinned here.
// The top-level rm is container.NewRmCommand with its own Aliases: `docker remove` is `docker rm`,
// unless DOCKER_HIDE_LEGACY_COMMANDS clears the legacy shortcuts' aliases (commands.go hide).
c('remove c', 'container rm');
c('remove -v c', 'container rm');
c('-D remove c', 'container rm');
c('remove --help', 'help');
c('help remove', 'help', { nostub: ['help'] });
c('remove c', 'plugin:remove', { env: { DOCKER_HIDE_LEGACY_COMMANDS: '1' } });
c('remove c', 'container rm', { env: { DOCKER_HIDE_LEGACY_COMMANDS: '' } });
c('container remove c', 'container rm', { env: { DOCKER_HIDE_LEGACY_COMMANDS: '1' } });
// run and create declare their own --help (-h is their --hostname): a --help before the command
// word sets the root's, which cobra never asks, so the container is created.
c('--help run img', 'container run');
c('-h run img', 'container run');
c('-Dh run img sh', 'container run');
c('--help create img', 'container create');
c('-h create img', 'container create');
c('container --help run img', 'container run');
c('container -h create img', 'container create');
c('--help run --help img', 'help');
c('--help exec c sh', 'help');
// Completion runs a plugin only when cobra's Traverse of the words before the partial one lands on
// the plugin's stub: the first word alone is the partial word (command names are completed), and
// root flags before the word are skipped.
c(['__complete', 'foo'], 'local');
c(['__complete', '--debug', 'foo', 'x', ''], 'plugin:foo', {});
c(['__complete', '-l', 'info', 'foo', ''], 'plugin:foo', {});
c(['__complete', '--debug=maybe', 'foo', ''], 'local');
c(['__complete', 'remove', ''], 'container ls');
// Other commands share the root's help flag: their own --help=false unsets one typed before them.
c('-h rename a b --help=false', 'container rename');
c('--help rename a b -h=0', 'container rename');
c('-h ps -ah=false', 'container ls');
// The root's help with a word it does not know (the plugin decision looked at the flag after a
// global `--`): the help function adds the plugins' stubs, walks the words, and runs the plugin.
c('-- -D down --help', 'plugin:down');
c('-- -l=warn compose ps --help', 'plugin:compose');
c('-- -D down', 'error');
// `help` with a true --help prints the usage of `help` itself.
c('-- -D help x --help', 'help');
c('--help help x', 'help', { nostub: ['help'] });
c('help x --help', 'help', { nostub: ['help'] });
// docker hands every `builder …` to buildx when it is installed (cmd/docker/builder.go).
c('builder imagetools create -h', 'plugin:buildx', { stubs: ['buildx'] });
c('builder imagetools create -h', 'help');
c('builder -h', 'plugin:buildx', { stubs: ['buildx'] });
c('builder -h', 'help');
c('builder', 'plugin:buildx', { stubs: ['buildx'] });
c('builder prune', 'plugin:buildx', { stubs: ['buildx'] });
// `docker port c` is answered from the container's inspect data.
c('port c', 'container inspect');
// Spellings the decisions of non-default policies rest on (gated service, plugin and bake
// commands), and help left on by a leaf token that is not a help flag. (checkpoint needs an
// experimental daemon, stack/trust/manifest files or registries the recorder does not have.)
c('service update --mount-add type=bind,src=/,dst=/h s');
c('plugin install x');
c('plugin set x m.source=/');
c('service rollback s');
c('node promote n2');
c('node update --role manager n2');
// Leaf flags of the commands that act on existing containers (the powerful-container rule reads them).
c('restart -s KILL -t 1 c');
c('restart --time=1 c');
c('rm -fv c');
c('rmi --no-prune x');
c('container prune --filter until=1h -f');
c('start -ai c');
c('bake --push', undefined, { stubs: ['buildx'] });
c('-h container ls h=0');
c('-h container ls xh=0');
c('-h container ls -a=0');
c('-h container ls --all');
c('-h container ls -- --help=false');
c('container ls -Ah', 'error:container ls', { fails: 'docker rejects the unknown shorthand before it looks at help (exit 125); the guard reads help of `ls`, a plugin name, and refuses: it fails closed' });
c('container ls -zh', 'error:container ls', { fails: 'docker rejects the unknown shorthand before it looks at help (exit 125); the guard reads help of `ls`, a plugin name, and refuses: it fails closed' });
c(['__completeNoDesc', 'compose', 'ps', 'x']);
// The spellings the powerful-container image-name rules read (pulls, prunes, removals, platforms).
c('pull -a x', 'image pull');
c('image pull --all-tags x', 'image pull');
c('image pull --platform linux/arm64 x', 'image pull');
c('pull index.docker.io/me/x:1', 'image pull');
c('system prune -a -f', 'system prune');
c('system prune -af --filter until=1h', 'system prune');
c('rmi -f x y', 'image rm');
c('image rm --no-prune x', 'image rm');
c('run --platform linux/arm64 --pull never img', 'container run');
c('run --pull=missing img', 'container run');
c('build --pull -t x .', 'plugin:buildx', { stubs: ['buildx'] });
c(['build', '--output', 'type=image,name=x', '.'], 'plugin:buildx', { stubs: ['buildx'] });

// The spellings the network and build-cache rules read, and the commands a policy may allow whose
// containers are then judged (red-team rounds 16-18).
c('run --network name=adminnet,alias=api img', 'container run');
c('run --net=adminnet --network-alias api img', 'container run');
c('container create --network 6251fdd8 img', 'container create');
c('build --add-host mirror:10.0.0.3 .', 'plugin:buildx', { stubs: ['buildx'] });
c('build --build-arg http_proxy=http://10.0.0.3:3128 .', 'plugin:buildx', { stubs: ['buildx'] });
c('builder build --network adminnet .', 'plugin:buildx', { stubs: ['buildx'] });
c('system prune -f --filter label=x', 'system prune');
c('cp ./f c:/tmp', 'container cp');
c('cp c:/etc/x -', 'container cp');
c('exec -e A=1 -w / c sh', 'container exec');
c('kill --signal=HUP c d', 'container kill');
c('update --restart always c', 'container update');
c('rename c d', 'container rename');
c('tag src dst:1', 'image tag');
c(['run', '--network', 'name=bridge,"driver-opt=com.docker.network.endpoint.sysctls=net.ipv4.conf.IFNAME.forwarding=1"', 'img'], 'container run');
c('stop -t 0 c d', 'container stop');
c('stop --signal=KILL --time 1 c', 'container stop');
c('exec --privileged -u root c sh', 'container exec');
c('volume create -o type=none --opt o=bind -d local --label a=b v', 'volume create');
c('volume create --name v', 'volume create');
c('volume create --scope multi --type mount v', 'volume create');
c('container kill -s HUP c', 'container kill');
export const CASES: readonly Case[] = cases;
