package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIExitCodes runs every command the ways a newcomer does and checks
// the exit code (0 success, 1 problems in the site, 2 usage errors) and
// where the words go: --help to stdout with exit 0, mistakes to stderr
// naming the flag.
func TestCLIExitCodes(t *testing.T) {
	good := t.TempDir()
	writeFiles(t, good, map[string]string{"content/a.md": "# A\n\nSee [[B]].\n", "content/b.md": "# B\n"})
	broken := t.TempDir()
	writeFiles(t, broken, map[string]string{"content/a.md": "# A\n\nSee [[Nowhere]].\n"})
	empty := t.TempDir()
	typed := t.TempDir()
	writeFiles(t, typed, map[string]string{"lodestone.yaml": "types:\n  memo:\n    fields: {}\n", "content/a.md": "# A\n"})

	type exitCase struct {
		name       string
		args       []string
		code       int
		stdout     string // must contain
		stderr     string // must contain
		notStderr  string // must not contain
		quietError bool   // nothing on stderr
	}
	tests := []exitCase{
		{name: "no command", args: nil, code: 2, stderr: "Usage: lodestone COMMAND"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
		{name: "help", args: []string{"help"}, code: 0, stdout: "Commands:", quietError: true},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: "Commands:", quietError: true},
		{name: "help build", args: []string{"help", "build"}, code: 0, stdout: "Usage: lodestone build", quietError: true},
		{name: "version", args: []string{"version"}, code: 0, stdout: "lodestone ", quietError: true},
		{name: "flag error names the flag", args: []string{"build", "--nope"}, code: 2, stderr: "lodestone build: flag provided but not defined: -nope"},
		{name: "bad flag value", args: []string{"bundle", "--depth", "x"}, code: 2, stderr: `invalid value "x" for flag -depth`},
		{name: "base-url blames the flag", args: []string{"build", "--src", good, "--base-url", "/"}, code: 2, stderr: `lodestone build: --base-url "/": must be an absolute`, notStderr: "lodestone.yaml"},
		{name: "check base-url", args: []string{"check", "--src", good, "--base-url", "ftp://x"}, code: 2, stderr: "--base-url", notStderr: "lodestone.yaml"},
		{name: "check format", args: []string{"check", "--src", good, "--format", "xml"}, code: 2, stderr: `--format "xml": want text, json or github`},
		{name: "no content folder", args: []string{"build", "--src", empty}, code: 2, stderr: "has no content/ folder"},
		{name: "build ok", args: []string{"build", "--src", good}, code: 0, stderr: "1 link resolved, 0 warnings, 0 errors"},
		{name: "build broken link warns", args: []string{"build", "--src", broken}, code: 0, stderr: "1 warning, 0 errors"},
		{name: "build --strict fails", args: []string{"build", "--src", broken, "--strict"}, code: 1, stderr: "0 warnings, 1 error "},
		{name: "flags after arguments", args: []string{"new", "memo", "A memo", "--src", typed, "--section", "notes"}, code: 0, stdout: filepath.Join("content", "notes", "a-memo.md")},
		{name: "check ok", args: []string{"check", "--src", good}, code: 0, stderr: "check passed"},
		{name: "check --strict fails", args: []string{"check", "--src", broken, "--strict"}, code: 1, stderr: "check failed"},
		{name: "new without arguments", args: []string{"new"}, code: 2, stderr: "expected a type and a title"},
		{name: "init two folders", args: []string{"init", "a", "b"}, code: 2, stderr: "expected at most one folder"},
		{name: "serve remote", args: []string{"serve", "--src", good, "--addr", "0.0.0.0:0"}, code: 2, stderr: "--allow-remote"},
	}
	for _, c := range []string{"init", "new", "build", "check", "serve", "bundle"} {
		for _, h := range []string{"--help", "-h", "-help"} {
			tests = append(tests, exitCase{name: c + " " + h, args: []string{c, h}, code: 0, stdout: "Usage: lodestone " + c, quietError: true})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, stdout.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr.String())
			}
			if tt.notStderr != "" && strings.Contains(stderr.String(), tt.notStderr) {
				t.Errorf("stderr has %q:\n%s", tt.notStderr, stderr.String())
			}
			if tt.quietError && stderr.Len() > 0 {
				t.Errorf("stderr is not empty:\n%s", stderr.String())
			}
		})
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
