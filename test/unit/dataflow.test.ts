import * as assert from 'node:assert/strict';
import type { LanguageId } from '../../src/core/model';
import { parseSyntaxTree } from '../../src/core/languages/parser';
import { NodeIndex } from '../../src/core/engine/rule-context';
import { CALL_TYPES, type FlowOptions, callInfo, createFlow, moduleBindings, originOf, passesThrough, relatedOf } from '../../src/core/analysis/dataflow';

/**
 * Each snippet calls `sink(<expression>)` (once); the result is the origin of that argument, as a short string:
 * `constant`, `unknown`, or `tainted <source>`.
 */
async function origin(language: LanguageId, code: string, options: FlowOptions = {}): Promise<string> {
  const index = new NodeIndex(await parseSyntaxTree(language, code));
  const flow = createFlow({ language, nodesOfType: (...types) => index.ofType(types) }, options);
  const sink = index.ofType(CALL_TYPES[language]).map(n => callInfo(n)).find(c => c?.name === 'sink');
  assert.ok(sink?.args[0], 'the snippet has no sink(...) call');
  const o = originOf(sink.args[0], flow);
  return o.kind === 'tainted' ? `tainted ${o.source}` : o.kind;
}

describe('data flow (originOf)', () => {
  describe('JavaScript / TypeScript', () => {
    it('literals are constant, request input is tainted', async () => {
      assert.equal(await origin('javascript', "sink('SELECT 1');"), 'constant');
      assert.equal(await origin('javascript', 'sink(`SELECT 1`);'), 'constant');
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { sink(req.query.id); });"), 'tainted req.query');
    });
    it('concatenation and template strings propagate taint from any part', async () => {
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { sink('a' + req.body.name + 'b'); });"), 'tainted req.body');
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { sink(`a ${req.params.id}`); });"), 'tainted req.params');
      assert.equal(await origin('javascript', "sink('a' + 'b' + 1);"), 'constant');
    });
    it('a name resolves to its nearest preceding assignment; += adds to it', async () => {
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { let q = 'a'; q += req.body.x; sink(q); });"), 'tainted req.body');
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { let q = 'a' + req.body.x; q = 'b'; sink(q); });"), 'constant');
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { const { id } = req.params; sink('x' + id); });"), 'tainted req.params');
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { const parts = ['a']; parts.push(req.query.x); sink(parts.join(' ')); });"), 'tainted req.query');
    });
    it('parameters of a named function are sources; callback parameters are not', async () => {
      assert.equal(await origin('javascript', "function find(name) { return sink('SELECT ' + name); }"), "tainted parameter 'name'");
      assert.equal(await origin('javascript', "ids.forEach(id => sink('SELECT ' + id));"), 'unknown');
      assert.equal(await origin('javascript', "function find(name) { return sink('x' + name); }", { parameters: 'request' }), 'unknown');
    });
    it('number types, conversions, unknown calls and tagged templates stop taint', async () => {
      assert.equal(await origin('typescript', 'function page(limit: number) { sink(`LIMIT ${limit}`); }'), 'unknown');
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { sink('x' + parseInt(req.query.n, 10)); });"), 'unknown');
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { sink(lookup(req.query.n)); });"), 'unknown');
      assert.equal(await origin('javascript', "app.get('/', (req, res) => { sink(sql`x ${req.query.n}`); });"), 'unknown');
    });
    it('NestJS request decorators are sources unless a parse pipe converts them', async () => {
      assert.equal(await origin('typescript', "class C { @Get() f(@Query('q') q: string) { sink('x' + q); } }", { parameters: 'request' }), "tainted @Query() parameter 'q'");
      assert.equal(await origin('typescript', "class C { @Get() f(@Param('id', ParseIntPipe) id: number) { sink('x' + id); } }"), 'unknown');
    });
    it('module constants resolve, even when declared after the function', async () => {
      assert.equal(await origin('javascript', "function f() { sink('SELECT * FROM ' + TABLE); }\nconst TABLE = 'users';"), 'constant');
      assert.equal(await origin('javascript', "const dir = 'x'; function f() { sink(path.join(__dirname, dir)); }"), 'constant');
    });
    it('gives a related location at the source', async () => {
      const code = "app.get('/', (req, res) => {\n  const id = req.params.id;\n  sink('x' + id);\n});";
      const index = new NodeIndex(await parseSyntaxTree('javascript', code));
      const flow = createFlow({ language: 'javascript', nodesOfType: (...t) => index.ofType(t) });
      const sink = index.ofType(['call_expression']).map(n => callInfo(n)).find(c => c?.name === 'sink')!;
      const o = originOf(sink.args[0]!, flow);
      assert.equal(o.kind, 'tainted');
      if (o.kind === 'tainted') {
        assert.deepEqual(o.via, ['id']);
        assert.equal(relatedOf(o, 'a.js')[0]!.range.start.line, 1);
      }
    });
  });

  describe('Python', () => {
    it('f-strings, %, .format and + propagate taint', async () => {
      const handler = (body: string) => `@app.route("/x")\ndef h():\n    name = request.args.get("n")\n    ${body}\n`;
      assert.equal(await origin('python', handler('sink(f"x {name}")')), 'tainted request.args');
      assert.equal(await origin('python', handler('sink("x %s" % name)')), 'tainted request.args');
      assert.equal(await origin('python', handler('sink("x {}".format(name))')), 'tainted request.args');
      assert.equal(await origin('python', handler('sink("x" + name)')), 'tainted request.args');
      assert.equal(await origin('python', handler('sink("x %s" % int(name))')), 'unknown');
      assert.equal(await origin('python', handler('sink("SELECT 1")')), 'constant');
    });
    it('route parameters are request input; self and int parameters are not sources', async () => {
      assert.equal(await origin('python', '@app.route("/f/<name>")\ndef f(name):\n    sink(name)\n', { parameters: 'request' }), "tainted route parameter 'name'");
      assert.equal(await origin('python', 'def f(name):\n    sink(name)\n', { parameters: 'request' }), 'unknown');
      assert.equal(await origin('python', 'def f(conn, email):\n    sink("x" + email)\n'), "tainted parameter 'email'");
      assert.equal(await origin('python', 'class R:\n    def all(self):\n        sink("x" + self.table)\n'), 'unknown');
      assert.equal(await origin('python', 'def f(limit: int):\n    sink(f"LIMIT {limit}")\n'), 'unknown');
    });
    it('a loop variable is an element of its iterable; join builds from its argument', async () => {
      assert.equal(await origin('python', 'def f():\n    for x in request.json["ids"]:\n        sink("id=" + x)\n'), 'tainted request.json');
      assert.equal(await origin('python', 'def f():\n    parts = []\n    parts.append(request.form["a"])\n    sink(" ".join(parts))\n'), 'tainted request.form');
    });
  });

  describe('Java', () => {
    it('@RequestParam parameters, String.format and StringBuilder', async () => {
      const method = (body: string) => `class C {\n  @GetMapping("/x")\n  String f(@RequestParam String name, int id) {\n    ${body}\n  }\n}`;
      assert.equal(await origin('java', method('sink("x" + name);'), { parameters: 'request' }), "tainted @RequestParam parameter 'name'");
      assert.equal(await origin('java', method('sink(String.format("x %s", name));')), "tainted @RequestParam parameter 'name'");
      assert.equal(await origin('java', method('StringBuilder sb = new StringBuilder("a");\n    sb.append(name).append("b");\n    sink(sb.toString());')), "tainted @RequestParam parameter 'name'");
      assert.equal(await origin('java', method('sink("x" + id);')), 'unknown');
      assert.equal(await origin('java', method('String q = "a" + name;\n    q = "b";\n    sink(q);')), 'constant');
    });
    it('request.getParameter and class constants', async () => {
      assert.equal(await origin('java', 'class C { void f(HttpServletRequest request) { String q = request.getParameter("q"); sink(q); } }'), 'tainted request.getParameter()');
      assert.equal(await origin('java', 'class C { static final String Q = "SELECT 1"; void f() { sink(Q); } }'), 'constant');
    });
  });

  describe('Go', () => {
    it('fmt.Sprintf, + and request values', async () => {
      assert.equal(await origin('go', 'package m\nfunc f(w http.ResponseWriter, r *http.Request) {\n\tname := r.URL.Query().Get("n")\n\tsink(fmt.Sprintf("x %s", name))\n}\n'), 'tainted r.URL.Query()');
      assert.equal(await origin('go', 'package m\nfunc f(c *gin.Context) {\n\tsink("x" + c.Query("n"))\n}\n'), 'tainted c.Query()');
      assert.equal(await origin('go', 'package m\nfunc f(status string, limit int) {\n\tsink("x" + status)\n}\n'), "tainted parameter 'status'");
      assert.equal(await origin('go', 'package m\nfunc f(status string, limit int) {\n\tsink(fmt.Sprintf("x %d", limit))\n}\n'), 'unknown');
      assert.equal(await origin('go', 'package m\nconst dir = "/srv"\nfunc f() {\n\tsink(filepath.Join(dir, "a"))\n}\n'), 'constant');
    });
  });

  describe('Ruby', () => {
    it('interpolation, params and to_i', async () => {
      assert.equal(await origin('ruby', 'def index\n  sink("x #{params[:q]}")\nend\n'), 'tainted params');
      assert.equal(await origin('ruby', 'def index\n  q = "a"\n  q += params[:q]\n  sink(q)\nend\n'), 'tainted params');
      assert.equal(await origin('ruby', 'def index\n  sink("x #{params[:id].to_i}")\nend\n'), 'unknown');
      assert.equal(await origin('ruby', 'def by_role(role)\n  sink("x #{role}")\nend\n'), "tainted parameter 'role'");
      assert.equal(await origin('ruby', 'def index\n  ids.each { |id| sink("x #{id}") }\nend\n'), 'unknown');
      assert.equal(await origin('ruby', 'def index\n  sink(format("%s", params[:q]))\nend\n'), 'tainted params');
    });
  });

  describe('PHP', () => {
    it('interpolated strings, the . operator, sprintf and casts', async () => {
      assert.equal(await origin('php', '<?php\n$name = $_GET["n"];\nsink("x $name");\n'), 'tainted $_GET');
      assert.equal(await origin('php', '<?php\nsink("x" . $_POST["a"] . "y");\n'), 'tainted $_POST');
      assert.equal(await origin('php', '<?php\nsink(sprintf("x %s", $_GET["a"]));\n'), 'tainted $_GET');
      assert.equal(await origin('php', '<?php\n$id = (int) $_GET["id"];\nsink("x $id");\n'), 'unknown');
      assert.equal(await origin('php', '<?php\n$q = "x" . $_GET["a"];\n$q = "y";\nsink($q);\n'), 'constant');
      assert.equal(await origin('php', '<?php\nclass C { function m(Request $request) { sink("x" . $request->input("a")); } }\n'), 'tainted $request->input()');
      assert.equal(await origin('php', '<?php\nfunction f($dir) { sink("tar $dir"); }\n'), "tainted parameter 'dir'");
    });
  });

  it('tells a wrapper handing a parameter on from a value built from it', async () => {
    const check = async (language: LanguageId, code: string) => {
      const index = new NodeIndex(await parseSyntaxTree(language, code));
      const flow = createFlow({ language, nodesOfType: (...t) => index.ofType(t) });
      const sink = index.ofType(CALL_TYPES[language]).map(n => callInfo(n)).find(c => c?.name === 'sink')!;
      const o = originOf(sink.args[0]!, flow);
      return o.kind === 'tainted' ? passesThrough(o) : undefined;
    };
    assert.equal(await check('javascript', 'const q = (text, params) => sink(text, params);'), true);
    assert.equal(await check('javascript', "function q(table) { return sink('SELECT * FROM ' + table); }"), false);
    assert.equal(await check('python', 'def q(a, b):\n    sink(a + b)\n'), false);
    assert.equal(await check('javascript', "app.get('/', (req, res) => sink(req.body.sql));"), false);
  });

  it('finds the local names of imported modules', async () => {
    const bindings = async (language: LanguageId, code: string, module: string) => {
      const index = new NodeIndex(await parseSyntaxTree(language, code));
      const b = moduleBindings({ language, nodesOfType: (...t) => index.ofType(t) }, s => s === module);
      return { namespaces: [...b.namespaces.keys()].sort(), members: [...b.members].map(([k, v]) => `${k}=${v}`).sort() };
    };
    assert.deepEqual(await bindings('javascript', "const cp = require('child_process');\nconst { exec, spawn: run } = require('child_process');\nimport * as c2 from 'child_process';\nconst fsp = require('fs').promises;", 'child_process'),
      { namespaces: ['c2', 'cp'], members: ['exec=exec', 'run=spawn'] });
    assert.deepEqual(await bindings('typescript', "import { promises as fsp, readFile } from 'fs';\nimport fs from 'fs';", 'fs'),
      { namespaces: ['fs'], members: ['fsp=promises', 'readFile=readFile'] });
    assert.deepEqual(await bindings('python', 'import pickle as pk\nfrom pickle import loads as l\nimport json', 'pickle'),
      { namespaces: ['pk'], members: ['l=loads'] });
  });

  it('reads calls of every grammar', async () => {
    const calls = async (language: LanguageId, code: string) => {
      const index = new NodeIndex(await parseSyntaxTree(language, code));
      const out = index.ofType(CALL_TYPES[language]).map(n => callInfo(n)).filter(c => !!c).map(c => `${c.isNew ? 'new ' : ''}${c.callee}/${c.args.length}${c.keywords.size ? '+' + [...c.keywords.keys()].join(',') : ''}`);
      return out;
    };
    assert.deepEqual(await calls('javascript', 'db.query(a, b); new vm.Script(x); sql`x`;'), ['db.query/2', 'new vm.Script/1']);
    assert.deepEqual(await calls('python', 'subprocess.run(cmd, shell=True)'), ['subprocess.run/1+shell']);
    assert.deepEqual(await calls('java', 'class C { void f() { new ProcessBuilder("a", b); stmt.executeQuery(q); } }'), ['new ProcessBuilder/2', 'stmt.executeQuery/1']);
    assert.deepEqual(await calls('go', 'package m\nfunc f() { exec.Command("sh", "-c", x) }'), ['exec.Command/3']);
    assert.deepEqual(await calls('ruby', 'Oj.load(x, mode: :object)\nsystem "ls"'), ['Oj.load/1+mode', 'system/1']);
    assert.deepEqual(await calls('php', '<?php\n$pdo->query($q); DB::select($q); mysqli_query($c, $q);'), ['$pdo.query/1', 'DB.select/1', 'mysqli_query/2']);
  });

  it('an assignment on a branch the use is not in lets the value before it through, unless every arm assigns', async () => {
    // Go: overwritten inside an `if` only.
    assert.equal(await origin('go', 'package m\nfunc f(r *http.Request) {\n  q := r.FormValue("q")\n  if len(q) > 9 {\n    q = "x"\n  }\n  sink(q)\n}'), 'tainted r.FormValue()');
    // Go: overwritten before the `if`, then again on every arm.
    assert.equal(await origin('go', 'package m\nfunc f(r *http.Request) {\n  q := r.FormValue("q")\n  if len(q) > 9 {\n    q = "x"\n  } else {\n    q = "y"\n  }\n  sink(q)\n}'), 'constant');
    // Java: in a loop body that may not run.
    assert.equal(await origin('java', 'class C { void f(@RequestParam String p) { String q = p; for (int i = 0; i < 1; i++) { q = "x"; } sink(q); } }'), "tainted @RequestParam parameter 'p'");
    // Ruby: an if/elsif without an else does not cover every path.
    assert.equal(await origin('ruby', 'def f\n  q = params[:q]\n  if a\n    q = "x"\n  elsif b\n    q = "y"\n  end\n  sink(q)\nend'), 'tainted params');
    // The use inside the branch sees that branch's assignment only.
    assert.equal(await origin('javascript', "app.get('/', (req, res) => { let q = req.query.q; if (x) { q = 'k'; sink(q); } });"), 'constant');
  });

  it('does not loop on self-referencing or cyclic assignments', async () => {
    assert.equal(await origin('javascript', 'function f() { let a = b; let b = a; a = a + b; sink(a); }'), 'unknown');
    assert.equal(await origin('python', 'def f():\n    a = a + 1\n    sink(a)\n'), 'unknown');
  });
});
