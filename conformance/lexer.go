package conformance

import (
	"bufio"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// The case reader decodes JSON from a stream, token by token, instead of
// reading a whole file and unmarshalling it: a case file can hold hundreds
// of megabytes of numbers, and the decoded tensors (held to the memory
// budget) are then all it keeps. Its own lexer also reads the bare NaN,
// Infinity and -Infinity that Python's json module writes, sees duplicate
// keys, and keeps integer literals as they are written.

// tokKind is the kind of a JSON token.
type tokKind int

const (
	tokEOF tokKind = iota
	tokBeginObject
	tokEndObject
	tokBeginArray
	tokEndArray
	tokColon
	tokComma
	tokString
	tokNumber
	tokTrue
	tokFalse
	tokNull
	tokNaN    // bare NaN (Python)
	tokInf    // bare Infinity
	tokNegInf // bare -Infinity
)

func (k tokKind) String() string {
	return [...]string{"end of file", "'{'", "'}'", "'['", "']'", "':'", "','", "a string", "a number",
		"true", "false", "null", "NaN", "Infinity", "-Infinity"}[k]
}

// Limits on single tokens: a name or a number is never legitimately longer,
// and a longer one must not grow a buffer without bound.
const (
	maxStringBytes = 1 << 20
	maxNumberBytes = 1 << 10
)

// SyntaxError is malformed JSON: the rest of the stream cannot be read.
type SyntaxError struct {
	Offset int64 // byte offset of the problem
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("malformed JSON at byte %d: %s", e.Offset, e.Msg)
}

// lexer splits a byte stream into JSON tokens. After a tokString, tok holds
// the decoded string; after a tokNumber, its literal bytes. tok is reused by
// the next token.
type lexer struct {
	r   *bufio.Reader
	off int64 // bytes consumed
	tok []byte
	// peeked is a token read ahead by peek, returned by the next next.
	peeked   tokKind
	havePeek bool
}

func newLexer(r io.Reader) *lexer {
	return &lexer{r: bufio.NewReaderSize(r, 64<<10)}
}

func (l *lexer) syntax(format string, args ...any) error {
	return &SyntaxError{Offset: l.off, Msg: fmt.Sprintf(format, args...)}
}

// readByte returns the next byte; a read error other than EOF is reported
// as such.
func (l *lexer) readByte() (byte, error) {
	c, err := l.r.ReadByte()
	if err != nil {
		if err == io.EOF {
			return 0, io.EOF
		}
		return 0, fmt.Errorf("reading at byte %d: %w", l.off, err)
	}
	l.off++
	return c, nil
}

// unreadByte puts back the byte just read (never after a Peek, which
// bufio does not allow).
func (l *lexer) unreadByte() {
	l.r.UnreadByte()
	l.off--
}

// peek returns the kind of the next token without consuming it.
func (l *lexer) peek() (tokKind, error) {
	if l.havePeek {
		return l.peeked, nil
	}
	k, err := l.next()
	if err != nil {
		return 0, err
	}
	l.peeked, l.havePeek = k, true
	return k, nil
}

// next reads the next token.
func (l *lexer) next() (tokKind, error) {
	if l.havePeek {
		l.havePeek = false
		return l.peeked, nil
	}
	var c byte
	for {
		var err error
		c, err = l.readByte()
		if err == io.EOF {
			return tokEOF, nil
		}
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
	}
	switch c {
	case '{':
		return tokBeginObject, nil
	case '}':
		return tokEndObject, nil
	case '[':
		return tokBeginArray, nil
	case ']':
		return tokEndArray, nil
	case ':':
		return tokColon, nil
	case ',':
		return tokComma, nil
	case '"':
		return tokString, l.readString()
	case '-':
		if b, err := l.r.Peek(1); err == nil && b[0] == 'I' {
			if err := l.readWord("Infinity"); err != nil {
				return 0, err
			}
			return tokNegInf, nil
		}
		return tokNumber, l.readNumber(c)
	case 't':
		return tokTrue, l.readWord("rue")
	case 'f':
		return tokFalse, l.readWord("alse")
	case 'n':
		return tokNull, l.readWord("ull")
	case 'N':
		return tokNaN, l.readWord("aN")
	case 'I':
		return tokInf, l.readWord("nfinity")
	}
	if c >= '0' && c <= '9' {
		return tokNumber, l.readNumber(c)
	}
	return 0, l.syntax("unexpected character %q", rune(c))
}

// readWord consumes the rest of a literal.
func (l *lexer) readWord(rest string) error {
	for i := 0; i < len(rest); i++ {
		c, err := l.readByte()
		if err != nil || c != rest[i] {
			return l.syntax("invalid literal (expected %q)", rest)
		}
	}
	return nil
}

// readNumber reads a number literal, whose first byte was read, into tok
// and checks it against JSON's grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (l *lexer) readNumber(first byte) error {
	l.tok = append(l.tok[:0], first)
	for {
		c, err := l.readByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			l.unreadByte()
			break
		}
		if len(l.tok) >= maxNumberBytes {
			return l.syntax("number longer than %d bytes", maxNumberBytes)
		}
		l.tok = append(l.tok, c)
	}
	if !validNumber(l.tok) {
		return l.syntax("invalid number %q", l.tok)
	}
	return nil
}

func validNumber(s []byte) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// readString decodes a string whose opening quote was read into tok,
// following RFC 8259: escapes, surrogate pairs, no raw control characters.
// Invalid UTF-8 and lone surrogates become U+FFFD, as encoding/json does.
func (l *lexer) readString() error {
	l.tok = l.tok[:0]
	for {
		c, err := l.readByte()
		if err == io.EOF {
			return l.syntax("unterminated string")
		}
		if err != nil {
			return err
		}
		if len(l.tok) >= maxStringBytes {
			return l.syntax("string longer than %d bytes", maxStringBytes)
		}
		switch {
		case c == '"':
			if !utf8.Valid(l.tok) {
				l.tok = []byte(string([]rune(string(l.tok))))
			}
			return nil
		case c < 0x20:
			return l.syntax("control character %#02x in a string (it must be escaped)", c)
		case c != '\\':
			l.tok = append(l.tok, c)
			continue
		}
		e, err := l.readByte()
		if err != nil {
			return l.syntax("unterminated string")
		}
		switch e {
		case '"', '\\', '/':
			l.tok = append(l.tok, e)
		case 'b':
			l.tok = append(l.tok, '\b')
		case 'f':
			l.tok = append(l.tok, '\f')
		case 'n':
			l.tok = append(l.tok, '\n')
		case 'r':
			l.tok = append(l.tok, '\r')
		case 't':
			l.tok = append(l.tok, '\t')
		case 'u':
			r, err := l.hex4()
			if err != nil {
				return err
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if b, err := l.r.Peek(2); err == nil && b[0] == '\\' && b[1] == 'u' {
					l.readByte()
					l.readByte()
					if r2, err = l.hex4(); err != nil {
						return err
					}
				}
				switch d := utf16.DecodeRune(r, r2); {
				case r2 < 0:
					r = utf8.RuneError // a lone surrogate at the end
				case d != utf8.RuneError:
					r = d
				default:
					// A lone surrogate, then another escape: keep that one.
					l.tok = utf8.AppendRune(l.tok, utf8.RuneError)
					r = r2
					if utf16.IsSurrogate(r) {
						r = utf8.RuneError
					}
				}
			}
			l.tok = utf8.AppendRune(l.tok, r)
		default:
			return l.syntax("invalid escape \\%c in a string", e)
		}
	}
}

func (l *lexer) hex4() (rune, error) {
	var r rune
	for i := 0; i < 4; i++ {
		c, err := l.readByte()
		if err != nil {
			return 0, l.syntax("unterminated \\u escape")
		}
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, l.syntax("invalid \\u escape")
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}

// expect reads a token and requires its kind.
func (l *lexer) expect(want tokKind) error {
	k, err := l.next()
	if err != nil {
		return err
	}
	if k != want {
		return l.syntax("expected %v, found %v", want, k)
	}
	return nil
}

// maxDepth bounds nesting, so a file of a million '[' cannot recurse deep.
const maxDepth = 64

// skipValue consumes one value whose first token is k (already read),
// checking its syntax.
func (l *lexer) skipValue(k tokKind) error { return l.skip(k, 0) }

func (l *lexer) skip(k tokKind, depth int) error {
	switch k {
	case tokBeginObject:
		return l.skipContainer(true, tokEndObject, depth+1)
	case tokBeginArray:
		return l.skipContainer(false, tokEndArray, depth+1)
	case tokString, tokNumber, tokTrue, tokFalse, tokNull, tokNaN, tokInf, tokNegInf:
		return nil
	}
	return l.syntax("expected a value, found %v", k)
}

// skipContainer consumes the members of an object or array whose opening
// token was read, up to and including close.
func (l *lexer) skipContainer(object bool, close tokKind, depth int) error {
	if depth > maxDepth {
		return l.syntax("nesting deeper than %d", maxDepth)
	}
	k, err := l.next()
	if err != nil {
		return err
	}
	if k == close {
		return nil
	}
	for {
		if object {
			if k != tokString {
				return l.syntax("expected a key, found %v", k)
			}
			if err := l.expect(tokColon); err != nil {
				return err
			}
			if k, err = l.next(); err != nil {
				return err
			}
		}
		if err := l.skip(k, depth); err != nil {
			return err
		}
		if k, err = l.next(); err != nil {
			return err
		}
		if k == close {
			return nil
		}
		if k != tokComma {
			return l.syntax("expected ',' or %v, found %v", close, k)
		}
		if k, err = l.next(); err != nil {
			return err
		}
	}
}
