package cli

import (
	"os"
	"regexp"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestGoVersionMatchesGoMod keeps the Go release a new site's workflow sets
// up equal to the one go.mod asks for.
func TestGoVersionMatchesGoMod(t *testing.T) {
	b, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	if string(m[1]) != GoVersion {
		t.Errorf("GoVersion = %s, go.mod says go %s", GoVersion, m[1])
	}
}

// TestStarterWorkflow checks that the workflow init writes is YAML with its
// placeholders filled in, and that it checks before it builds.
func TestStarterWorkflow(t *testing.T) {
	b, err := starterFile(".github/workflows/pages.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Env  map[string]string `yaml:"env"`
		Jobs map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("pages.yml: %v\n%s", err, b)
	}
	if got := wf.Env["LODESTONE_VERSION"]; got != Release {
		t.Errorf("LODESTONE_VERSION = %q, want %q (a development build pins Release)", got, Release)
	}
	if got := wf.Env["GO_VERSION"]; got != GoVersion {
		t.Errorf("GO_VERSION = %q, want %q", got, GoVersion)
	}
	var runs []string
	for _, s := range wf.Jobs["build"].Steps {
		if s.Run != "" {
			runs = append(runs, s.Run)
		}
	}
	want := []string{
		"go install " + Module + "/generator/cmd/lodestone@${LODESTONE_VERSION}",
		"lodestone check --strict --format github",
		`lodestone build --strict --base-url "$BASE_URL"`,
	}
	if len(runs) != len(want) {
		t.Fatalf("steps run %q, want %q", runs, want)
	}
	for i := range want {
		if runs[i] != want[i] {
			t.Errorf("step %d runs %q, want %q", i, runs[i], want[i])
		}
	}
}
