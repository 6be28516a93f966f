package cli

import (
	"os"
	"regexp"
	"slices"
	"strings"
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

// TestRepoWorkflows checks the workflows in .github/workflows: the reusable
// one a content repository calls installs the release Release names with
// Go GoVersion and checks before it builds; CI runs make test on pushes and
// pull requests.
func TestRepoWorkflows(t *testing.T) {
	type step struct {
		Uses string            `yaml:"uses"`
		Run  string            `yaml:"run"`
		With map[string]string `yaml:"with"`
	}
	type workflow struct {
		On map[string]struct {
			Inputs map[string]struct {
				Default any `yaml:"default"`
			} `yaml:"inputs"`
		} `yaml:"on"`
		Jobs map[string]struct {
			Steps []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	read := func(name string) workflow {
		b, err := os.ReadFile("../../.github/workflows/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var wf workflow
		if err := yaml.Unmarshal(b, &wf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return wf
	}
	pub := read("publish.yml")
	call, ok := pub.On["workflow_call"]
	if !ok {
		t.Fatal("publish.yml is not a reusable workflow (on: workflow_call)")
	}
	if v := call.Inputs["version"].Default; v != Release {
		t.Errorf("publish.yml installs %v by default, want Release %s", v, Release)
	}
	if v := call.Inputs["go-version"].Default; v != GoVersion {
		t.Errorf("publish.yml sets up Go %v by default, want %s", v, GoVersion)
	}
	var runs []string
	for _, s := range pub.Jobs["build"].Steps {
		if s.With["go-version-file"] != "" {
			t.Error("publish.yml reads go.mod, which a content repository does not have")
		}
		if s.Run != "" {
			runs = append(runs, strings.Fields(s.Run)[0]+" "+strings.Fields(s.Run)[1])
		}
	}
	if want := []string{"go install", "lodestone check", "lodestone build"}; !slices.Equal(runs, want) {
		t.Errorf("publish.yml runs %q, want %q", runs, want)
	}

	ci := read("ci.yml")
	for _, ev := range []string{"push", "pull_request"} {
		if _, ok := ci.On[ev]; !ok {
			t.Errorf("ci.yml does not run on %s", ev)
		}
	}
	var makeTest bool
	for _, s := range ci.Jobs["test"].Steps {
		makeTest = makeTest || s.Run == "make test"
	}
	if !makeTest {
		t.Error("ci.yml does not run make test")
	}
}
