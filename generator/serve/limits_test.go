package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestAllowedHosts: with --allow-remote (listening on all interfaces) only
// the machine's own addresses, localhost and the names given are accepted
// as Host, never any name with the right port.
func TestAllowedHosts(t *testing.T) {
	all := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	loop := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	tests := []struct {
		addr  *net.TCPAddr
		names []string
		host  string
		ok    bool
	}{
		{loop, nil, "127.0.0.1:8080", true},
		{loop, nil, "localhost:8080", true},
		{loop, nil, "LOCALHOST:8080", true},
		{loop, nil, "localhost:9090", false},
		{loop, nil, "attacker.example:8080", false},
		{all, nil, "127.0.0.1:8080", true},
		{all, nil, "[::1]:8080", true},
		{all, nil, "attacker.example:8080", false},
		{all, nil, "attacker.example", false},
		{all, []string{"preview.lan"}, "preview.lan:8080", true},
		{all, []string{"preview.lan"}, "preview.lan", true},
		{all, []string{"preview.lan"}, "other.lan:8080", false},
		{all, []string{"proxy.example:443"}, "proxy.example:443", true},
		{all, []string{"proxy.example:443"}, "proxy.example:8080", false},
	}
	for _, tt := range tests {
		s := &Server{hosts: allowedHosts(tt.addr, tt.names)}
		if got := s.hostOK(tt.host); got != tt.ok {
			t.Errorf("listening on %s with %v: Host %q accepted = %v, want %v", tt.addr, tt.names, tt.host, got, tt.ok)
		}
	}
	// An interface address of this machine is accepted when listening on all.
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok {
			s := &Server{hosts: allowedHosts(all, nil)}
			if h := net.JoinHostPort(ipn.IP.String(), "8080"); !s.hostOK(h) {
				t.Errorf("own address %s refused", h)
			}
		}
	}
}

// TestIdleConnectionsClosed: a keep-alive connection that stays idle past
// IdleTimeout is closed by the server, while the reload channel stays open.
func TestIdleConnectionsClosed(t *testing.T) {
	s := start(t, map[string]string{"content/a.md": "# A\n"}, Options{IdleTimeout: 200 * time.Millisecond})
	conn, err := net.Dial("tcp", s.base[len("http://"):len(s.base)-1])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req, _ := http.NewRequest("GET", s.base, nil)
	if err := req.Write(conn); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.Close {
		t.Fatal("server did not keep the connection alive")
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := r.ReadByte(); err != io.EOF {
		t.Fatalf("idle connection: read gave %v, want EOF (closed by the server)", err)
	}
	// The event stream (opened by start) outlives the idle timeout.
	time.Sleep(400 * time.Millisecond)
	write(t, s.dir+"/content/a.md", "# A2\n")
	if ev := s.next(); !ev.OK {
		t.Errorf("rebuild after the idle timeout: %+v", ev)
	}
}
