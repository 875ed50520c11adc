import * as assert from 'node:assert/strict';
import type { LanguageId } from '../../src/core/model';
import { parseSyntaxTree } from '../../src/core/languages/parser';
import { descendants, stringValue } from '../../src/core/analysis/syntax';
import { findRoutes, ROUTE_NODE_TYPES } from '../../src/core/analysis/http';
import { findImports, IMPORT_NODE_TYPES } from '../../src/core/analysis/imports';
import { requestInput } from '../../src/core/analysis/request-input';
import { Regions, loopRegions } from '../../src/core/analysis/code-shapes';
import { TsPaths, parseJsonc } from '../../src/core/analysis/ts-paths';

async function nodes(language: LanguageId, text: string) {
  return [...descendants((await parseSyntaxTree(language, text)).rootNode)];
}

async function routes(language: LanguageId, text: string, file = '') {
  const all = await nodes(language, text);
  return findRoutes(language, all.filter(n => ROUTE_NODE_TYPES[language].includes(n.type)), file).map(r => `${r.method} ${r.path}${r.handler ? ' +handler' : ''}`);
}

async function imports(language: LanguageId, text: string) {
  const all = await nodes(language, text);
  return findImports(language, all.filter(n => IMPORT_NODE_TYPES[language].includes(n.type))).map(i => i.specifier);
}

async function sources(language: LanguageId, text: string) {
  const all = await nodes(language, text);
  const found = new Set<string>();
  for (const n of all) { const s = requestInput(n, language); if (s) found.add(s); }
  return [...found].sort();
}

describe('route registrations', () => {
  it('Express, NestJS', async () => {
    assert.deepEqual(await routes('javascript', "app.get('/users', (req, res) => {});\nrouter.post('/users/:id', validate, function h(req, res) {});\napp.listen(3000);\ncache.get('key');"),
      ['GET /users +handler', 'POST /users/:id +handler']);
    assert.deepEqual(await routes('typescript', "@Controller('users')\nclass C {\n  @Get(':id')\n  find() {}\n}"), ['GET /:id +handler']);
  });
  it('Flask and FastAPI', async () => {
    assert.deepEqual(await routes('python', '@app.route("/users", methods=["POST"])\ndef create():\n    pass\n\n@router.get("/items/{id}")\nasync def item(id: int):\n    pass\n'),
      ['POST /users +handler', 'GET /items/{id} +handler']);
  });
  it('Django urls.py: path, re_path and url with a view; include() mounts are not routes; other files are not read', async () => {
    const urls = "from django.urls import include, path, re_path\nfrom . import views\n\nurlpatterns = [\n    path('', views.index),\n    path('api/v1/users/<int:pk>/', views.UserDetail.as_view(), name='user'),\n    re_path(r'^api/v1/health/$', views.health),\n    path('admin/', include('admin.urls')),\n    path('broken/'),\n]\n";
    assert.deepEqual(await routes('python', urls, 'mysite/urls.py'), ['ANY /', 'ANY /api/v1/users/<int:pk>', 'ANY /api/v1/health']);
    assert.deepEqual(await routes('python', urls, 'mysite/views.py'), []);
  });
  it('Spring with a class prefix, and JAX-RS', async () => {
    assert.deepEqual(await routes('java', '@RestController\n@RequestMapping("/api")\nclass C {\n  @GetMapping("/users")\n  List<User> list() { return null; }\n  @PostMapping(value = "/users")\n  void create() {}\n}'),
      ['GET /api/users +handler', 'POST /api/users +handler']);
  });
  it('net/http, Gin and Go 1.22 patterns', async () => {
    assert.deepEqual(await routes('go', 'package main\nfunc main() {\n\tr.GET("/users", list)\n\thttp.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {})\n\tmux.HandleFunc("POST /items", create)\n}\n'),
      ['GET /users', 'ANY /health +handler', 'POST /items']);
  });
  it('Sinatra and Rails routes', async () => {
    assert.deepEqual(await routes('ruby', "get '/users' do\n  params[:q]\nend\n"), ['GET /users +handler']);
    assert.deepEqual(await routes('ruby', "Rails.application.routes.draw do\n  get 'health', to: 'health#show'\nend\n", 'config/routes.rb'), ['GET /health']);
  });
  it('Laravel and Slim', async () => {
    assert.deepEqual(await routes('php', "<?php\nRoute::get('/users', [UserController::class, 'index']);\n$app->post('/users', function ($request) {});\n"),
      ['GET /users', 'POST /users +handler']);
  });
});

describe('imports', () => {
  it('reads imports from syntax in every language', async () => {
    assert.deepEqual(await imports('javascript', "import x from './db';\nconst y = require('express');\n// require('nope')\nexport * from './z';"), ['./db', 'express', './z']);
    assert.deepEqual(await imports('python', 'import os, sys as system\nfrom . import models\nfrom ..db.session import get\nfrom app.services import users\n'), ['os', 'sys', '.models', '..db.session', 'app.services']);
    assert.deepEqual(await imports('java', 'import java.util.List;\n'), ['java.util.List']);
    assert.deepEqual(await imports('go', 'package m\nimport (\n\t"net/http"\n\tdb "example.com/app/db"\n)\n'), ['net/http', 'example.com/app/db']);
    assert.deepEqual(await imports('ruby', "require 'json'\nrequire_relative 'db'\n"), ['json', './db']);
    assert.deepEqual(await imports('php', "<?php\nuse App\\Models\\User;\nrequire_once __DIR__ . '/db.php';\n"), ['App\\Models\\User', './db.php']);
  });
});

describe('request input', () => {
  it('follows a parameter typed as a request, whatever its name; an untyped or other-typed name is not input', async () => {
    assert.deepEqual(await sources('typescript', 'function h(incoming: FastifyRequest, reply: FastifyReply) { const a = incoming.body; }\nfunction g(x: Config) { const b = x.body; }\nfunction k(y) { const c = y.query; }\n'),
      ['incoming.body']);
    assert.deepEqual(await sources('typescript', 'router.get("/", async (context: Koa.Context) => { const q = context.query; });\n'), ['context.query']);
    assert.deepEqual(await sources('python', 'async def h(req2: Request):\n    a = req2.query_params\n\ndef g(r: Settings):\n    b = r.query_params\n'), ['req2.query_params']);
    assert.deepEqual(await sources('java', 'class A { void h(HttpServletRequest in, Other o) { String a = in.getParameter("q"); String b = o.getParameter("q"); } }'), ['in.getParameter()']);
    assert.deepEqual(await sources('go', 'package m\nfunc h(w http.ResponseWriter, in *http.Request) { a := in.FormValue("q"); _ = a }\nfunc g(in *Other) { b := in.FormValue("q"); _ = b }\n'), ['in.Form', 'in.FormValue()'], 'the selector alone reads as .Form, as r.FormValue does');
    assert.deepEqual(await sources('php', '<?php\nfunction h(ServerRequestInterface $in, Other $o) { $a = $in->getQueryParams(); $b = $o->getQueryParams(); }\n'), ['$in.getQueryParams()']);
  });

  it('recognises request input per framework, not look-alikes', async () => {
    assert.deepEqual(await sources('javascript', 'const a = req.body.name; const b = req.query.id; const c = config.body; const d = ctx.request.body;'),
      ['ctx.request.body', 'req.body', 'req.query']);
    assert.deepEqual(await sources('python', 'a = request.args.get("q")\nb = request.json\nc = settings.args\n'), ['request.args', 'request.json']);
    assert.deepEqual(await sources('java', 'class A { void f() { String q = request.getParameter("q"); String z = other.getParameter("q"); } }'), ['request.getParameter()']);
    assert.deepEqual(await sources('go', 'package m\nfunc f() { q := r.URL.Query().Get("q"); v := c.Param("id") }\n'), ['c.Param()', 'r.URL.Query()']);
    assert.deepEqual(await sources('ruby', 'x = params[:id]\ny = request.body\n'), ['params', 'request.body']);
    assert.deepEqual(await sources('php', '<?php $a = $_GET["id"]; $b = $request->input("name");'), ['$_GET', '$request.input()']);
  });
});

describe('string values', () => {
  it('a PHP heredoc with a variable is not a constant; a plain one is', async () => {
    const all = await nodes('php', '<?php\n$a = <<<EOT\nhello $name\nEOT;\n$b = <<<EOT\nplain text\nEOT;\n');
    const heredocs = all.filter(n => n.type === 'heredoc').map(n => stringValue(n));
    assert.deepEqual(heredocs, [undefined, 'plain text']);
  });
});

describe('regions (cheap pre-checks before asking the tree)', () => {
  it('merges nested and overlapping nodes and answers from the start index, end exclusive', () => {
    const node = (startIndex: number, endIndex: number) => ({ startIndex, endIndex }) as unknown as import('../../src/core/languages/parser').SyntaxNode;
    const regions = new Regions([node(50, 60), node(10, 20), node(12, 15), node(18, 30)]);
    const covered = [0, 9, 10, 25, 29, 30, 49, 50, 59, 60, 100].filter(i => regions.covers(node(i, i + 1)));
    assert.deepEqual(covered, [10, 25, 29, 50, 59]);
    assert.equal(new Regions([]).empty, true);
  });

  it('loop regions cover calls in loop bodies and iteration callbacks, not calls before the loop', async () => {
    const text = 'const a = load();\nfor (const x of xs) { save(x); }\nitems.map(i => fetchOne(i));\nfinish();\n';
    const all = await nodes('javascript', text);
    const regions = loopRegions((...types) => all.filter(n => types.includes(n.type)), 'javascript');
    const calls = all.filter(n => n.type === 'call_expression');
    assert.deepEqual(calls.filter(c => regions.covers(c)).map(c => c.text), ['save(x)', 'fetchOne(i)']);
  });
});

describe('tsconfig path aliases', () => {
  const files: Record<string, string> = {
    'tsconfig.json': '{\n  // comments, trailing commas and a string with // inside\n  "compilerOptions": { "baseUrl": "./src", "paths": { "@/*": ["*"], "@lib/*": ["../libs/*", "vendor/*"], "@db": ["db/index.ts"], "#u": ["http://x//y"], }, },\n}\n',
    'apps/api/tsconfig.json': '{ "extends": "../../tsconfig.json", "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }',
    'apps/web/tsconfig.json': '{ "extends": "@tsconfig/node20/tsconfig.json", "compilerOptions": { "baseUrl": "." } }',
    'broken/tsconfig.json': '{ "compilerOptions": { "paths": ',
  };
  const tsPaths = new TsPaths(Object.keys(files), f => files[f]);

  it('maps wildcard and exact aliases, longest prefix first, targets in order, from the nearest config', () => {
    assert.deepEqual(tsPaths.candidates('src/a.ts', '@/orders/service'), ['src/orders/service']);
    assert.deepEqual(tsPaths.candidates('src/a.ts', '@lib/log'), ['libs/log', 'src/vendor/log']);
    assert.deepEqual(tsPaths.candidates('src/a.ts', '@db'), ['src/db/index.ts']);
    assert.deepEqual(tsPaths.candidates('src/a.ts', 'express'), ['src/express'], 'baseUrl resolves bare names too');
    // apps/api extends the root: its own `paths` replace the inherited ones and, as tsc reads them, are relative to
    // the inherited baseUrl (the root's src/), not to apps/api
    assert.deepEqual(tsPaths.candidates('apps/api/src/x.ts', '~/jobs'), ['src/src/jobs']);
    assert.deepEqual(tsPaths.candidates('apps/api/src/x.ts', '@/orders'), ['src/@/orders'], 'the root alias is replaced, not merged');
    assert.deepEqual(tsPaths.candidates('apps/web/x.ts', 'components/nav'), ['apps/web/components/nav']);
  });

  it('reads JSON with comments and trailing commas, and ignores a config it cannot read', () => {
    assert.deepEqual(parseJsonc(files['tsconfig.json'])?.compilerOptions, { baseUrl: './src', paths: { '@/*': ['*'], '@lib/*': ['../libs/*', 'vendor/*'], '@db': ['db/index.ts'], '#u': ['http://x//y'] } });
    assert.equal(parseJsonc(files['broken/tsconfig.json']), undefined);
    assert.deepEqual(tsPaths.candidates('broken/a.ts', '@/x'), ['src/x'], 'a broken config falls back to the one above it');
  });
});
