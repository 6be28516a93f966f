package render

import "testing"

func TestHumanType(t *testing.T) {
	tests := map[string]string{
		"mine": "Mines", "policy": "Policies", "company": "Companies", "country": "Countries",
		"survey": "Surveys", "process": "Processes", "tax": "Taxes", "稀土": "稀土", "Data": "Data", "": "",
		"trade body": "Trade bodies", "analysis": "Analyses",
	}
	for in, want := range tests {
		if got := humanType(in); got != want {
			t.Errorf("humanType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTemplateError(t *testing.T) {
	d := templateError("templates/brief.html", errorString(`template: templates/brief.html:12:5: executing "templates/brief.html" at <.Nope>: can't evaluate field Nope`))
	if got := d.Error(); got != `templates/brief.html:12:5: template: executing "templates/brief.html" at <.Nope>: can't evaluate field Nope` {
		t.Errorf("got %s", got)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
