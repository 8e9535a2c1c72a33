package main

import (
	"bufio"
	"compress/lzw"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
)

// gifStream writes an animated GIF (GIF89a) a frame at a time: the header
// and the global colour table go out with the first frame, and every frame
// is compressed and written as soon as it is given. image/gif's EncodeAll
// needs every frame in memory at once (2,000 frames of 8192² would be
// 134 GB); this holds none of them.
//
// All frames share the first frame's palette, as a global colour table;
// each is drawn at (0, 0), shown for delay centiseconds, and the animation
// loops for ever (the NETSCAPE2.0 application extension).
type gifStream struct {
	w       *bufio.Writer
	delay   int
	width   int
	height  int
	litBits int // LZW minimum code size: the palette has at most 2^litBits colours
	started bool
	err     error
}

func newGIFStream(w io.Writer, delayCentis int) *gifStream {
	return &gifStream{w: bufio.NewWriterSize(w, 64<<10), delay: delayCentis}
}

func (g *gifStream) u16(v int) { g.w.WriteByte(byte(v)); g.w.WriteByte(byte(v >> 8)) }

// WriteFrame appends one frame; the first fixes the size and the palette.
func (g *gifStream) WriteFrame(img *image.Paletted) error {
	if g.err != nil {
		return g.err
	}
	b := img.Bounds()
	if !g.started {
		if err := g.header(b.Dx(), b.Dy(), img.Palette); err != nil {
			g.err = err
			return err
		}
	}
	if b.Dx() != g.width || b.Dy() != g.height {
		g.err = fmt.Errorf("gif: frame of %dx%d in a %dx%d animation", b.Dx(), b.Dy(), g.width, g.height)
		return g.err
	}
	// Graphic control extension: no transparency, the frame's delay.
	g.w.Write([]byte{0x21, 0xf9, 0x04, 0x00})
	g.u16(g.delay)
	g.w.Write([]byte{0x00, 0x00})
	// Image descriptor: the whole screen, no local colour table.
	g.w.WriteByte(0x2c)
	g.u16(0)
	g.u16(0)
	g.u16(g.width)
	g.u16(g.height)
	g.w.WriteByte(0x00)
	// The indices, LZW-compressed (least significant bit first, as GIF
	// wants), cut into data sub-blocks of at most 255 bytes.
	g.w.WriteByte(byte(g.litBits))
	blocks := &subBlocks{w: g.w}
	lz := lzw.NewWriter(blocks, lzw.LSB, g.litBits)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):][:g.width]
		for _, c := range row {
			if int(c) >= 1<<g.litBits {
				lz.Close()
				g.err = fmt.Errorf("gif: colour index %d outside the %d-colour palette", c, 1<<g.litBits)
				return g.err
			}
		}
		if _, err := lz.Write(row); err != nil {
			g.err = err
			return err
		}
	}
	if err := lz.Close(); err != nil {
		g.err = err
		return err
	}
	if err := blocks.flush(); err != nil {
		g.err = err
		return err
	}
	_, g.err = g.w.Write([]byte{0x00}) // block terminator
	return g.err
}

// header writes the signature, the logical screen with the global colour
// table and the looping extension.
func (g *gifStream) header(w, h int, pal color.Palette) error {
	if w < 1 || h < 1 || w > 0xffff || h > 0xffff {
		return fmt.Errorf("gif: %dx%d is outside 1..65535 pixels a side", w, h)
	}
	if len(pal) == 0 || len(pal) > 256 {
		return fmt.Errorf("gif: a palette of %d colours (want 1 to 256)", len(pal))
	}
	// The table holds 2^bits entries, at least 2; LZW needs at least 2 bits.
	bits := 1
	for 1<<bits < len(pal) {
		bits++
	}
	g.width, g.height, g.litBits, g.started = w, h, max(bits, 2), true
	g.w.WriteString("GIF89a")
	g.u16(w)
	g.u16(h)
	g.w.WriteByte(0x80 | 0x70 | byte(bits-1)) // global table, 8-bit colour resolution, its size
	g.w.Write([]byte{0x00, 0x00})             // background colour index, square pixels
	for i := 0; i < 1<<bits; i++ {
		var r, gr, b uint8
		if i < len(pal) {
			c := color.RGBAModel.Convert(pal[i]).(color.RGBA)
			r, gr, b = c.R, c.G, c.B
		}
		g.w.Write([]byte{r, gr, b})
	}
	g.w.Write([]byte{0x21, 0xff, 0x0b})
	g.w.WriteString("NETSCAPE2.0")
	g.w.Write([]byte{0x03, 0x01, 0x00, 0x00, 0x00}) // loop count 0: for ever
	return nil
}

// Close writes the trailer and flushes. A GIF without frames is an error.
func (g *gifStream) Close() error {
	if g.err != nil {
		return g.err
	}
	if !g.started {
		return errors.New("gif: no frame was written")
	}
	g.w.WriteByte(0x3b)
	return g.w.Flush()
}

// subBlocks cuts a byte stream into GIF data sub-blocks: a length byte
// (1..255) and that many bytes.
type subBlocks struct {
	w   *bufio.Writer
	buf [255]byte
	n   int
}

func (s *subBlocks) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		k := copy(s.buf[s.n:], p)
		s.n += k
		p = p[k:]
		if s.n == len(s.buf) {
			if err := s.flush(); err != nil {
				return total - len(p), err
			}
		}
	}
	return total, nil
}

func (s *subBlocks) flush() error {
	if s.n == 0 {
		return nil
	}
	s.w.WriteByte(byte(s.n))
	_, err := s.w.Write(s.buf[:s.n])
	s.n = 0
	return err
}
