import * as fs from 'node:fs';
import * as path from 'node:path';

/** A small deterministic PRNG so every run generates the same tree. */
function prng(seed: number) {
  return () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32; };
}

type Template = (name: string, i: number, rand: () => number) => string;

const js: Template = (name, i, rand) => {
  const fns = Array.from({ length: 6 + Math.floor(rand() * 8) }, (_, k) => `
/** Handles ${name} operation ${k}. */
async function ${name}Op${k}(req, res) {
  const id = Number(req.params.id);
  const rows = await pool.query('SELECT id, name, email FROM ${name} WHERE id = $1', [id]);
  if (!rows.length) {
    return res.status(404).json({ error: 'not found' });
  }
  const result = rows.map(r => ({ ...r, score: r.id * ${k + 1} }));
  logger.info({ id, count: result.length }, '${name} op ${k}');
  return res.json(result);
}
router.get('/api/v1/${name}/${k}/:id', ${name}Op${k});
`).join('');
  return `'use strict';
const express = require('express');
const { pool } = require('../db');
const logger = require('../logger');

const router = express.Router();
${fns}
${i % 97 === 0 ? "const apiKey = 'q8Zr2LmX9vT4kWp7Ns1YbC6d';\n" : ''}module.exports = router;
`;
};

const ts: Template = (name, i, rand) => {
  const fns = Array.from({ length: 6 + Math.floor(rand() * 8) }, (_, k) => `
export interface ${cap(name)}${k} { id: number; name: string; tags: string[] }

export async function load${cap(name)}${k}(repo: Repository<${cap(name)}${k}>, id: number): Promise<${cap(name)}${k} | undefined> {
  const item = await repo.findOne({ where: { id } });
  if (!item) return undefined;
  const tags = item.tags.filter(t => t.length > 0).map(t => t.toLowerCase());
  return { ...item, tags };
}
`).join('');
  return `import type { Repository } from 'typeorm';
${fns}
${i % 89 === 0 ? 'export const dbPassword = "Tr0ub4dor&3-horse";\n' : ''}`;
};

const py: Template = (name, i, rand) => {
  const fns = Array.from({ length: 6 + Math.floor(rand() * 8) }, (_, k) => `

@router.get("/api/v1/${name}/${k}/{item_id}")
async def ${name}_op_${k}(item_id: int, db: Session = Depends(get_db)):
    """Return ${name} ${k}."""
    row = db.execute(text("SELECT id, name FROM ${name} WHERE id = :id"), {"id": item_id}).first()
    if row is None:
        raise HTTPException(status_code=404, detail="not found")
    values = [v * ${k + 1} for v in range(10) if v % 2 == 0]
    logger.info("served ${name} %s", item_id)
    return {"id": row.id, "name": row.name, "values": values}
`).join('');
  return `import logging

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import text
from sqlalchemy.orm import Session

from .db import get_db

logger = logging.getLogger(__name__)
router = APIRouter()
${fns}
${i % 83 === 0 ? 'SECRET_KEY = "c0a1f9e8d7b6a5f4e3d2c1b0a9f8e7d6"\n' : ''}`;
};

const java: Template = (name, _i, rand) => {
  const fns = Array.from({ length: 5 + Math.floor(rand() * 6) }, (_, k) => `
    @GetMapping("/${name}/${k}/{id}")
    public ResponseEntity<Map<String, Object>> op${k}(@PathVariable long id) {
        Map<String, Object> body = new HashMap<>();
        List<String> names = repository.findNames(id);
        for (String n : names) {
            body.put(n, n.length() * ${k + 1});
        }
        log.info("served {} {}", "${name}", id);
        return ResponseEntity.ok(body);
    }
`).join('');
  return `package com.example.${name};

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
public class ${cap(name)}Controller {
    private static final Logger log = LoggerFactory.getLogger(${cap(name)}Controller.class);
    private final ${cap(name)}Repository repository;

    public ${cap(name)}Controller(${cap(name)}Repository repository) {
        this.repository = repository;
    }
${fns}}
`;
};

const go: Template = (name, _i, rand) => {
  const fns = Array.from({ length: 5 + Math.floor(rand() * 6) }, (_, k) => `
// Op${k} serves ${name} ${k}.
func (h *Handler) Op${k}(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	row := h.db.QueryRowContext(r.Context(), "SELECT id, name FROM ${name} WHERE id = $1", id)
	var out struct{ ID int; Name string }
	if err := row.Scan(&out.ID, &out.Name); err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	h.log.Info("served", "id", id, "op", ${k})
	_ = json.NewEncoder(w).Encode(out)
}
`).join('');
  return `package ${name}

import (
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http"
)

type Handler struct {
	db  *sql.DB
	log *slog.Logger
}
${fns}`;
};

const rb: Template = (name, _i, rand) => {
  const fns = Array.from({ length: 5 + Math.floor(rand() * 6) }, (_, k) => `
  def op_${k}
    record = ${cap(name)}.find_by(id: params[:id])
    return head :not_found unless record

    values = (1..10).select(&:even?).map { |v| v * ${k + 1} }
    Rails.logger.info("served ${name} #{record.id}")
    render json: { id: record.id, values: values }
  end
`).join('');
  return `# frozen_string_literal: true

class ${cap(name)}Controller < ApplicationController
  before_action :authenticate_user!
${fns}end
`;
};

const php: Template = (name, _i, rand) => {
  const fns = Array.from({ length: 5 + Math.floor(rand() * 6) }, (_, k) => `
    public function op${k}(Request $request, int $id): JsonResponse
    {
        $row = DB::table('${name}')->where('id', $id)->first();
        if ($row === null) {
            return response()->json(['error' => 'not found'], 404);
        }
        $values = array_map(fn ($v) => $v * ${k + 1}, range(1, 10));
        Log::info('served ${name}', ['id' => $id]);
        return response()->json(['id' => $row->id, 'values' => $values]);
    }
`).join('');
  return `<?php

namespace App\\Http\\Controllers;

use Illuminate\\Http\\JsonResponse;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Log;

class ${cap(name)}Controller extends Controller
{
${fns}}
`;
};

function cap(s: string): string { return s[0]!.toUpperCase() + s.slice(1); }

const MIX: [string, string, Template, number][] = [
  ['services/api/routes', '.js', js, 0.2],
  ['services/web/src', '.ts', ts, 0.2],
  ['services/py/app', '.py', py, 0.2],
  ['services/java/src/main/java/com/example', '.java', java, 0.1],
  ['services/go/internal', '.go', go, 0.1],
  ['services/rails/app/controllers', '.rb', rb, 0.1],
  ['services/php/app/Http/Controllers', '.php', php, 0.1],
];

/** Write a realistic mixed-language backend tree of `count` files under `root` (replacing it). */
export function generateTree(root: string, count: number): void {
  fs.rmSync(root, { recursive: true, force: true });
  const rand = prng(42);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('package.json', JSON.stringify({ name: 'bench', private: true, scripts: { test: 'jest' }, dependencies: { express: '^4.19.0', pg: '^8.11.0' }, devDependencies: { jest: '^29.0.0', eslint: '^9.0.0' } }, null, 2));
  write('requirements.txt', 'fastapi==0.110.0\nsqlalchemy==2.0.29\npytest==8.1.1\n');
  write('go.mod', 'module example.com/bench\n\ngo 1.22\n');
  write('README.md', '# Bench\n\n## Setup\n\n```sh\nnpm ci\n```\n');
  let written = 0;
  for (const [dir, ext, template, share] of MIX) {
    const n = Math.round(count * share);
    for (let i = 0; i < n && written < count; i++, written++) {
      const name = `mod${i}`;
      const folder = `${dir}/pkg${Math.floor(i / 50)}`;
      const file = ext === '.java' ? `${folder}/${cap(name)}Controller.java` : `${folder}/${name}${ext}`;
      write(file, template(name, i, rand));
    }
  }
}

/** A 2,000-line TypeScript file for single-file re-analysis latency. */
export function bigFile(): string {
  const parts: string[] = ["import type { Repository } from 'typeorm';\n"];
  let i = 0;
  while (parts.join('').split('\n').length < 2000) parts.push(ts(`big${i}`, i++, prng(i)));
  return parts.join('').split('\n').slice(0, 2000).join('\n');
}
