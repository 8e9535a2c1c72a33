package web

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultHost keeps the server on the loopback interface: the visualizer is
// a local tool, and exposing it to the network is a choice the user makes
// with HOST or -host.
const DefaultHost = "127.0.0.1"

// ListenAddr joins host and port, defaulting an empty host to DefaultHost
// and an empty port to 8080, and checks the port. An IPv6 host may be given
// bare (::1) or bracketed as in a URL ([::1]).
func ListenAddr(host, port string) (string, error) {
	host, err := unbracket(host)
	if err != nil {
		return "", err
	}
	if host == "" {
		host = DefaultHost
	}
	if port == "" {
		port = "8080"
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return "", fmt.Errorf("serve: port %q is not a number in 0..65535", port)
	}
	return net.JoinHostPort(host, port), nil
}

// IsLoopback reports whether host only listens on this machine.
func IsLoopback(host string) bool {
	host, _ = unbracket(host)
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewServer wraps h with timeouts, so a stalled client cannot hold a
// connection for ever (the module download gets a generous write budget).
func NewServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
}

// unbracket removes the brackets of an IPv6 literal written as in a URL,
// which net.JoinHostPort would otherwise double.
func unbracket(host string) (string, error) {
	if !strings.HasPrefix(host, "[") && !strings.HasSuffix(host, "]") {
		return host, nil
	}
	inner, ok := strings.CutPrefix(host, "[")
	if inner, ok2 := strings.CutSuffix(inner, "]"); ok && ok2 && net.ParseIP(inner) != nil {
		return inner, nil
	}
	return "", fmt.Errorf("serve: host %q is not an IP address in brackets like [::1]", host)
}
