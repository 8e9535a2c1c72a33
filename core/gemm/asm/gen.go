// Command asm generates core/gemm's amd64 micro-kernels with avo.
//
// It lives in its own module so that avo is a dependency of the generator
// only, never of the library. Regenerate with `go generate ./core/gemm/`
// (which runs this program from core/gemm/asm) and commit the .s output.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func main() {
	ConstraintExpr("amd64")
	for _, s := range []struct {
		name     string
		mr, nvec int
		avx512   bool
	}{{"AVX512x14x32", 14, 2, true}, {"AVX512x12x32", 12, 2, true}, {"AVX2x6x16", 6, 2, false}} {
		kernel("kern"+s.name, s.mr, s.mr, s.nvec, s.nvec, s.avx512, packed, packed)
		kernel("kern"+s.name+"DirectA", s.mr, s.mr, s.nvec, s.nvec, s.avx512, inPlace, packed)
		kernel("kern"+s.name+"DirectB", s.mr, s.mr, s.nvec, s.nvec, s.avx512, packed, inPlace)
		// Half-width kernels (nvec 1) for a last column panel at most half
		// of nr wide: with n = 197 (ViT tokens on the long side of a
		// transposed product) the 7th panel of 32 columns held 5.
		kernel("kern"+s.name+"Half", s.mr, s.mr, 1, s.nvec, s.avx512, packed, packed)
		kernel("kern"+s.name+"HalfDirectA", s.mr, s.mr, 1, s.nvec, s.avx512, inPlace, packed)
		kernel("kern"+s.name+"HalfDirectB", s.mr, s.mr, 1, s.nvec, s.avx512, packed, inPlace)
		// Edge kernels: the first rows of a packed A panel, for the last
		// row panel of a product whose m is not a multiple of mr. Without
		// them that panel ran the full kernel into a scratch tile: for
		// m = 197 (ViT tokens) with mr = 14 the 15th panel computed 14
		// rows for 1. A partial panel is cut into 8, 4, 2 and 1 rows.
		for _, e := range []int{8, 4, 2, 1} {
			if e < s.mr {
				kernel(fmt.Sprintf("kern%sEdge%d", s.name, e), s.mr, e, s.nvec, s.nvec, s.avx512, packed, packed)
				kernel(fmt.Sprintf("kern%sDirectBEdge%d", s.name, e), s.mr, e, s.nvec, s.nvec, s.avx512, packed, inPlace)
			}
		}
	}
	for rows := 1; rows <= convRows; rows++ {
		convKernel(rows)
	}
	transpose8()
	transpose8Rows()
	cpuid()
	Generate()
}

// Operand layouts a kernel can read.
const (
	packed  = iota // a panel written by the Go packing code
	inPlace        // the caller's row-major matrix, rows lda (or ldb) apart
)

// kernel emits one register-tiled micro-kernel computing an mr×(nvec·width)
// tile of C = alpha·A·B (+ beta·C). A packed A panel holds k groups of mr
// values with alpha already multiplied in; an in-place A is mr rows of an
// untransposed A read with scalar broadcasts, and alpha is applied at the
// end. A packed B panel holds k groups of nr values; an in-place B is read
// as nr consecutive values from each of k rows of an untransposed B.
// Reading in place spares the pack, which costs as much as the product
// when the other dimension is small (conv's im2col products, thin layers).
// With accum == 0 the tile is stored; otherwise C = tile + beta·C, so C is
// never read when the caller asked for beta 0 (NaN in C must vanish).
//
// rows is how many rows of the tile the kernel computes: mr for the full
// kernels; fewer for the edge kernels, which read the first rows of a
// packed A panel that is still mr values wide per step of depth. Likewise
// the kernel computes nvec vectors of columns of a packed B panel that is
// panelVecs vectors wide (the half-width kernels read its first half).
func kernel(name string, mr, rows, nvec, panelVecs int, avx512 bool, aLayout, bLayout int) {
	width := 8
	if avx512 {
		width = 16
	}
	nr := nvec * width
	panelNR := panelVecs * width
	TEXT(name, NOSPLIT, "func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32, accum int)")
	layout := map[int]string{packed: "packed", inPlace: "in place"}
	if rows == mr {
		half := ""
		if nvec < panelVecs {
			half = fmt.Sprintf(" (the first %d columns of a %d-wide packed B panel)", nr, panelNR)
		}
		Doc(fmt.Sprintf("%s is the %dx%d %s micro-kernel, A %s, B %s%s.", name, mr, nr,
			map[bool]string{true: "AVX-512F", false: "AVX2+FMA"}[avx512], layout[aLayout], layout[bLayout], half))
	} else {
		Doc(fmt.Sprintf("%s is the %dx%d %s edge kernel: the first %s of a %d-row packed A panel, B %s.", name, rows, nr,
			map[bool]string{true: "AVX-512F", false: "AVX2+FMA"}[avx512], map[bool]string{true: "row", false: fmt.Sprint(rows, " rows")}[rows == 1], mr, layout[bLayout]))
	}
	regs := vecRegs(avx512)
	if need := rows*nvec + nvec + 2; need > len(regs) {
		panic(fmt.Sprintf("%s needs %d vector registers", name, need))
	}
	acc := make([][]reg.VecPhysical, rows)
	for i := range acc {
		acc[i] = regs[i*nvec : (i+1)*nvec]
	}
	bv := regs[mr*nvec : mr*nvec+nvec]
	bc := []reg.VecPhysical{regs[mr*nvec+nvec], regs[mr*nvec+nvec+1]}

	k := Load(Param("k"), GP64())
	pb := Load(Param("b"), GP64())
	var lb, lb3 reg.GPVirtual
	if bLayout == inPlace {
		lb = Load(Param("ldb"), GP64()).(reg.GPVirtual)
		SHLQ(U8(2), lb)
		lb3 = GP64()
		LEAQ(Mem{Base: lb, Index: lb, Scale: 2}, lb3)
	}
	aAddr, aAdvance := aOperand(aLayout, mr, rows)
	{
		// C is first touched after the whole depth loop; asking for its
		// lines now overlaps those misses with the arithmetic.
		pc := Load(Param("c"), GP64())
		ldc := Load(Param("ldc"), GP64())
		SHLQ(U8(2), ldc)
		for i := 0; i < rows; i++ {
			for off := 0; off < nr*4; off += 64 {
				PREFETCHT0(Mem{Base: pc, Disp: off})
			}
			if i < rows-1 {
				ADDQ(ldc, pc)
			}
		}
	}
	for i := range acc {
		for _, r := range acc[i] {
			zero(r, avx512)
		}
	}
	// bRow addresses row u (of the 4 unrolled steps) of the B panel.
	bRow := func(u, j int) Mem {
		if bLayout == packed {
			return Mem{Base: pb, Disp: (u*panelNR + j*width) * 4}
		}
		return rowOf4(pb, j*width*4, u, lb, lb3)
	}
	advanceB := func(steps int) {
		if bLayout == packed {
			ADDQ(U32(steps*panelNR*4), pb)
			return
		}
		if steps == 4 {
			LEAQ(Mem{Base: pb, Index: lb, Scale: 4}, pb)
		} else {
			ADDQ(lb, pb)
		}
	}
	step := func(u int) {
		for j := 0; j < nvec; j++ {
			VMOVUPS(bRow(u, j), bv[j])
		}
		for i := 0; i < rows; i++ {
			t := bc[i%2]
			VBROADCASTSS(aAddr(i, u), t)
			for j := 0; j < nvec; j++ {
				VFMADD231PS(bv[j], t, acc[i][j])
			}
		}
	}

	const unroll = 4
	n4 := GP64()
	MOVQ(k, n4)
	SHRQ(U8(2), n4)
	ANDQ(U32(unroll-1), k)
	TESTQ(n4, n4)
	JZ(LabelRef(name + "_tail"))
	Label(name + "_loop4")
	for u := 0; u < unroll; u++ {
		step(u)
	}
	aAdvance(unroll)
	advanceB(unroll)
	DECQ(n4)
	JNZ(LabelRef(name + "_loop4"))

	Label(name + "_tail")
	TESTQ(k, k)
	JZ(LabelRef(name + "_store"))
	Label(name + "_loop1")
	step(0)
	aAdvance(1)
	advanceB(1)
	DECQ(k)
	JNZ(LabelRef(name + "_loop1"))

	Label(name + "_store")
	if aLayout == inPlace {
		alpha := bv[0]
		VBROADCASTSS(paramAddr("alpha"), alpha)
		for i := range acc {
			for _, r := range acc[i] {
				VMULPS(alpha, r, r)
			}
		}
	}
	store(name, acc, bv[len(bv)-1], width)
}

// aOperand returns how to address A's value for tile row i at unrolled step
// u, and how to move A forward by some steps. A packed panel holds mr values
// per step, of which the kernel reads the first rows; in place, the kernel
// reads rows rows.
func aOperand(layout, mr, rows int) (func(i, u int) Mem, func(steps int)) {
	a := Load(Param("a"), GP64())
	if layout == packed {
		return func(i, u int) Mem { return Mem{Base: a, Disp: (u*mr + i) * 4} },
			func(steps int) { ADDQ(U32(steps*mr*4), a) }
	}
	mr = rows
	l := Load(Param("lda"), GP64())
	SHLQ(U8(2), l)
	// Row r is addressed as base + s·lda with s in {0,1,2,4,8}, the scales
	// x86 addressing offers; pick bases so every row has one.
	type rowAddr struct {
		base  int
		scale uint8
	}
	addr := make([]rowAddr, mr)
	covered := make([]bool, mr)
	var bases []int
	for r := 0; r < mr; r++ {
		if covered[r] {
			continue
		}
		bases = append(bases, r)
		for _, s := range []int{0, 1, 2, 4, 8} {
			if r+s < mr && !covered[r+s] {
				covered[r+s] = true
				addr[r+s] = rowAddr{len(bases) - 1, uint8(s)}
			}
		}
	}
	ptr := make([]reg.GPVirtual, len(bases))
	for i, b := range bases {
		ptr[i] = GP64()
		MOVQ(a, ptr[i])
		for j := 0; j < b; j++ {
			ADDQ(l, ptr[i])
		}
	}
	return func(i, u int) Mem {
			ra := addr[i]
			m := Mem{Base: ptr[ra.base], Disp: u * 4}
			if ra.scale != 0 {
				m.Index, m.Scale = l, ra.scale
			}
			return m
		}, func(steps int) {
			for _, p := range ptr {
				ADDQ(U32(steps*4), p)
			}
		}
}

// rowOf4 addresses row r < 4 of rows ld bytes apart from base (ld3 holds
// 3·ld), disp bytes in: x86 scales reach 0, 1 and 2 rows; the third takes
// its own register.
func rowOf4(base reg.Register, disp, r int, ld, ld3 reg.Register) Mem {
	m := Mem{Base: base, Disp: disp}
	switch r {
	case 1:
		m.Index, m.Scale = ld, 1
	case 2:
		m.Index, m.Scale = ld, 2
	case 3:
		m.Index, m.Scale = ld3, 1
	}
	return m
}

func vecRegs(avx512 bool) []reg.VecPhysical {
	if avx512 {
		return []reg.VecPhysical{reg.Z0, reg.Z1, reg.Z2, reg.Z3, reg.Z4, reg.Z5, reg.Z6, reg.Z7, reg.Z8, reg.Z9, reg.Z10, reg.Z11, reg.Z12, reg.Z13, reg.Z14, reg.Z15,
			reg.Z16, reg.Z17, reg.Z18, reg.Z19, reg.Z20, reg.Z21, reg.Z22, reg.Z23, reg.Z24, reg.Z25, reg.Z26, reg.Z27, reg.Z28, reg.Z29, reg.Z30, reg.Z31}
	}
	return []reg.VecPhysical{reg.Y0, reg.Y1, reg.Y2, reg.Y3, reg.Y4, reg.Y5, reg.Y6, reg.Y7, reg.Y8, reg.Y9, reg.Y10, reg.Y11, reg.Y12, reg.Y13, reg.Y14, reg.Y15}
}

func zero(r reg.VecPhysical, avx512 bool) {
	if avx512 {
		VPXORD(r, r, r)
	} else {
		VXORPS(r, r, r)
	}
}

func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// store writes the accumulators to the tile at c (stride ldc): plainly when
// accum is 0, else as acc + beta·C.
func store(name string, acc [][]reg.VecPhysical, beta reg.VecPhysical, width int) {
	pc := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(2), ldc)
	flag := Load(Param("accum"), GP64())
	TESTQ(flag, flag)
	JNZ(LabelRef(name + "_accum"))
	for i := range acc {
		for j := range acc[i] {
			VMOVUPS(acc[i][j], Mem{Base: pc, Disp: j * width * 4})
		}
		if i < len(acc)-1 {
			ADDQ(ldc, pc)
		}
	}
	VZEROUPPER()
	RET()

	Label(name + "_accum")
	VBROADCASTSS(paramAddr("beta"), beta)
	for i := range acc {
		for j := range acc[i] {
			m := Mem{Base: pc, Disp: j * width * 4}
			VFMADD231PS(m, beta, acc[i][j])
			VMOVUPS(acc[i][j], m)
		}
		if i < len(acc)-1 {
			ADDQ(ldc, pc)
		}
	}
	VZEROUPPER()
	RET()
}

// transpose8 emits the transposing copy packing needs for 8 rows at a time:
// dst[c·ldd + r] = scale·src[r·lds + c] for r < 8, c < cols8·8, by 8×8
// register transposes (unpack, shuffle, cross-lane permute), AVX only.
// Scalar Go moves one value per load and store; this moves eight.
func transpose8() {
	TEXT("transpose8", NOSPLIT, "func(dst *float32, ldd int, src *float32, lds int, cols8 int, scale float32)")
	Doc("transpose8 transposes 8 rows × 8·cols8 columns of src into dst, scaled.")
	dst := Load(Param("dst"), GP64())
	ldd := Load(Param("ldd"), GP64())
	SHLQ(U8(2), ldd)
	src := Load(Param("src"), GP64())
	lds := Load(Param("lds"), GP64())
	SHLQ(U8(2), lds)
	n := Load(Param("cols8"), GP64())
	ys := vecRegs(false)
	r, t := ys[0:8], ys[8:16]
	// Row pointers: src + i·lds for i < 8, via two bases and scales 1,2,4.
	s3 := GP64()
	LEAQ(Mem{Base: lds, Index: lds, Scale: 2}, s3) // 3·lds
	src4 := GP64()
	LEAQ(Mem{Base: src, Index: lds, Scale: 4}, src4)
	d3 := GP64()
	LEAQ(Mem{Base: ldd, Index: ldd, Scale: 2}, d3)
	TESTQ(n, n)
	JZ(LabelRef("transpose8_done"))
	Label("transpose8_loop")
	rows := []Mem{
		{Base: src}, {Base: src, Index: lds, Scale: 1}, {Base: src, Index: lds, Scale: 2}, {Base: src, Index: s3, Scale: 1},
		{Base: src4}, {Base: src4, Index: lds, Scale: 1}, {Base: src4, Index: lds, Scale: 2}, {Base: src4, Index: s3, Scale: 1},
	}
	for i, m := range rows {
		VMOVUPS(m, r[i])
	}
	for i := 0; i < 8; i += 2 {
		VUNPCKLPS(r[i+1], r[i], t[i])
		VUNPCKHPS(r[i+1], r[i], t[i+1])
	}
	// t0 = a0 b0 a1 b1 | a4 b4 a5 b5, t1 = a2 b2 a3 b3 | ..., t2/t3 from c,d.
	VSHUFPS(U8(0x44), t[2], t[0], r[0]) // a0 b0 c0 d0 | a4 b4 c4 d4
	VSHUFPS(U8(0xEE), t[2], t[0], r[1]) // a1 b1 c1 d1 | a5 ...
	VSHUFPS(U8(0x44), t[3], t[1], r[2]) // a2 ...
	VSHUFPS(U8(0xEE), t[3], t[1], r[3]) // a3 ...
	VSHUFPS(U8(0x44), t[6], t[4], r[4]) // e0 f0 g0 h0 | e4 ...
	VSHUFPS(U8(0xEE), t[6], t[4], r[5])
	VSHUFPS(U8(0x44), t[7], t[5], r[6])
	VSHUFPS(U8(0xEE), t[7], t[5], r[7])
	for i := 0; i < 4; i++ {
		VPERM2F128(U8(0x20), r[4+i], r[i], t[i])   // column i
		VPERM2F128(U8(0x31), r[4+i], r[i], t[4+i]) // column i+4
	}
	Comment("scale unless it is 1")
	sv := r[0]
	VBROADCASTSS(paramAddr("scale"), sv)
	one := GP32()
	MOVL(paramAddr("scale"), one)
	CMPL(one, U32(0x3f800000))
	JEQ(LabelRef("transpose8_store"))
	for i := 0; i < 8; i++ {
		VMULPS(sv, t[i], t[i])
	}
	Label("transpose8_store")
	d4 := GP64()
	LEAQ(Mem{Base: dst, Index: ldd, Scale: 4}, d4)
	outs := []Mem{
		{Base: dst}, {Base: dst, Index: ldd, Scale: 1}, {Base: dst, Index: ldd, Scale: 2}, {Base: dst, Index: d3, Scale: 1},
		{Base: d4}, {Base: d4, Index: ldd, Scale: 1}, {Base: d4, Index: ldd, Scale: 2}, {Base: d4, Index: d3, Scale: 1},
	}
	for i, m := range outs {
		VMOVUPS(t[i], m)
	}
	ADDQ(U32(32), src)
	ADDQ(U32(32), src4)
	LEAQ(Mem{Base: dst, Index: ldd, Scale: 8}, dst)
	DECQ(n)
	JNZ(LabelRef("transpose8_loop"))
	Label("transpose8_done")
	VZEROUPPER()
	RET()
}

// transpose8Rows is transpose8 walking down the source rows instead of
// across its columns, without the scale and with a value added to each
// output row (unless add is nil): it fills 8 destination rows left to
// right, for conv2d's output and bias (see gemm.TransposeAdd).
func transpose8Rows() {
	TEXT("transpose8Rows", NOSPLIT, "func(dst *float32, ldd int, src *float32, lds int, rows8 int, add *float32)")
	Doc("transpose8Rows transposes 8·rows8 rows × 8 columns of src into dst, adding add[c] to every value of source column c unless add is nil.")
	dst := Load(Param("dst"), GP64())
	ldd := Load(Param("ldd"), GP64())
	SHLQ(U8(2), ldd)
	src := Load(Param("src"), GP64())
	lds := Load(Param("lds"), GP64())
	SHLQ(U8(2), lds)
	n := Load(Param("rows8"), GP64())
	add := Load(Param("add"), GP64())
	ys := vecRegs(false)
	r, t := ys[0:8], ys[8:16]
	// Row pointers: src + i·lds for i < 8, via two bases and scales 1,2,4.
	s3 := GP64()
	LEAQ(Mem{Base: lds, Index: lds, Scale: 2}, s3) // 3·lds
	src4 := GP64()
	LEAQ(Mem{Base: src, Index: lds, Scale: 4}, src4)
	d3 := GP64()
	LEAQ(Mem{Base: ldd, Index: ldd, Scale: 2}, d3)
	TESTQ(n, n)
	JZ(LabelRef("transpose8Rows_done"))
	Label("transpose8Rows_loop")
	rows := []Mem{
		{Base: src}, {Base: src, Index: lds, Scale: 1}, {Base: src, Index: lds, Scale: 2}, {Base: src, Index: s3, Scale: 1},
		{Base: src4}, {Base: src4, Index: lds, Scale: 1}, {Base: src4, Index: lds, Scale: 2}, {Base: src4, Index: s3, Scale: 1},
	}
	for i, m := range rows {
		VMOVUPS(m, r[i])
	}
	for i := 0; i < 8; i += 2 {
		VUNPCKLPS(r[i+1], r[i], t[i])
		VUNPCKHPS(r[i+1], r[i], t[i+1])
	}
	// t0 = a0 b0 a1 b1 | a4 b4 a5 b5, t1 = a2 b2 a3 b3 | ..., t2/t3 from c,d.
	VSHUFPS(U8(0x44), t[2], t[0], r[0]) // a0 b0 c0 d0 | a4 b4 c4 d4
	VSHUFPS(U8(0xEE), t[2], t[0], r[1]) // a1 b1 c1 d1 | a5 ...
	VSHUFPS(U8(0x44), t[3], t[1], r[2]) // a2 ...
	VSHUFPS(U8(0xEE), t[3], t[1], r[3]) // a3 ...
	VSHUFPS(U8(0x44), t[6], t[4], r[4]) // e0 f0 g0 h0 | e4 ...
	VSHUFPS(U8(0xEE), t[6], t[4], r[5])
	VSHUFPS(U8(0x44), t[7], t[5], r[6])
	VSHUFPS(U8(0xEE), t[7], t[5], r[7])
	for i := 0; i < 4; i++ {
		VPERM2F128(U8(0x20), r[4+i], r[i], t[i])   // column i
		VPERM2F128(U8(0x31), r[4+i], r[i], t[4+i]) // column i+4
	}
	Comment("add the column's value to each transposed row, if add is not nil")
	TESTQ(add, add)
	JZ(LabelRef("transpose8Rows_store"))
	for i := 0; i < 8; i++ {
		VBROADCASTSS(Mem{Base: add, Disp: 4 * i}, r[0])
		VADDPS(r[0], t[i], t[i])
	}
	Label("transpose8Rows_store")
	d4 := GP64()
	LEAQ(Mem{Base: dst, Index: ldd, Scale: 4}, d4)
	outs := []Mem{
		{Base: dst}, {Base: dst, Index: ldd, Scale: 1}, {Base: dst, Index: ldd, Scale: 2}, {Base: dst, Index: d3, Scale: 1},
		{Base: d4}, {Base: d4, Index: ldd, Scale: 1}, {Base: d4, Index: ldd, Scale: 2}, {Base: d4, Index: d3, Scale: 1},
	}
	for i, m := range outs {
		VMOVUPS(t[i], m)
	}
	// Next 8 source rows, next 8 destination columns.
	LEAQ(Mem{Base: src, Index: lds, Scale: 8}, src)
	LEAQ(Mem{Base: src4, Index: lds, Scale: 8}, src4)
	ADDQ(U32(32), dst)
	DECQ(n)
	JNZ(LabelRef("transpose8Rows_loop"))
	Label("transpose8Rows_done")
	VZEROUPPER()
	RET()
}

// cpuid emits the two instructions feature detection needs, so the library
// does not depend on golang.org/x/sys/cpu.
func cpuid() {
	TEXT("cpuid", NOSPLIT, "func(leaf, sub uint32) (eax, ebx, ecx, edx uint32)")
	Doc("cpuid executes CPUID with EAX=leaf, ECX=sub.")
	Load(Param("leaf"), reg.EAX)
	Load(Param("sub"), reg.ECX)
	CPUID()
	Store(reg.EAX, Return("eax"))
	Store(reg.EBX, Return("ebx"))
	Store(reg.ECX, Return("ecx"))
	Store(reg.EDX, Return("edx"))
	RET()

	TEXT("xgetbv0", NOSPLIT, "func() (eax, edx uint32)")
	Doc("xgetbv0 reads XCR0, the register saying which vector state the OS saves.")
	XORL(reg.ECX, reg.ECX)
	XGETBV()
	Store(reg.EAX, Return("eax"))
	Store(reg.EDX, Return("edx"))
	RET()
}

// convRows is the most output channels a direct convolution kernel
// computes; convVecs is its width in vectors of 16 pixels.
const convRows, convVecs = 8, 3

// convKernel emits the direct convolution micro-kernel for rows output
// channels (rows of the weight read in place) × 48 output pixels of a
// stride-1 convolution whose output has its input's size (see
// gemm/conv.go). The depth is walked as groups, one per kernel tap (i, j):
// a group's entry in the table gives the byte offset of the tap's input
// from the tile's first pixel and the lanes of each vector that read
// inside the image; then one step per input channel, hw bytes apart, loads
// each vector with those lanes (the rest zero, never read) and does
// rows·3 FMAs with broadcast weights. After the groups the table holds the
// tile's stored lanes. The kernel also ORs into *probe the lanes of any
// output that is NaN or ±Inf, so the caller need not read x for them.
func convKernel(rows int) {
	name := fmt.Sprintf("convDirect%d", rows)
	TEXT(name, NOSPLIT, "func(c int, a *float32, lda int, x *float32, hw int, table *uint64, taps int, y *float32, ldc int, bias *float32, probe *uint16)")
	// The weights are read in place: row r of a, lda values apart, is an
	// output channel's weights in their own order (channel, then tap), so
	// a tap's steps are taps values apart.
	Pragma("noescape") // the table and probe live on Tile's stack
	Doc(fmt.Sprintf("%s computes a %dx48 tile of a stride-1 same-size convolution (see ConvPlan.Tile).", name, rows))
	regs := vecRegs(true)
	acc := make([][]reg.VecPhysical, rows)
	for i := range acc {
		acc[i] = regs[i*convVecs : (i+1)*convVecs]
	}
	bv := regs[convRows*convVecs : convRows*convVecs+convVecs]
	bcast := []reg.VecPhysical{regs[len(regs)-2], regs[len(regs)-1]}
	aTap := Load(Param("a"), GP64())
	lda := Load(Param("lda"), GP64())
	SHLQ(U8(2), lda)
	lda3 := GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, lda3)
	// Rows 0…3 are addressed from a, rows 4…7 from a4 = a + 4·lda.
	a, a4 := GP64(), GP64()
	weight := func(r int) Mem {
		if r >= 4 {
			return rowOf4(a4, 0, r-4, lda, lda3)
		}
		return rowOf4(a, 0, r, lda, lda3)
	}
	x := Load(Param("x"), GP64())
	hw := Load(Param("hw"), GP64())
	SHLQ(U8(2), hw)
	t := Load(Param("table"), GP64())
	taps := Load(Param("taps"), GP64())
	aStride := GP64()
	MOVQ(taps, aStride)
	SHLQ(U8(2), aStride) // taps·4 bytes
	mask := []reg.OpmaskPhysical{reg.K1, reg.K2, reg.K3}
	for i := range acc {
		for _, r := range acc[i] {
			zero(r, true)
		}
	}
	p, n := GP64(), GP64()
	// step is one input channel of the current tap.
	step := func() {
		for v := 0; v < convVecs; v++ {
			VMOVUPS_Z(Mem{Base: p, Disp: 64 * v}, mask[v], bv[v])
		}
		for i := 0; i < rows; i++ {
			w := bcast[i%2]
			VBROADCASTSS(weight(i), w)
			for v := 0; v < convVecs; v++ {
				VFMADD231PS(bv[v], w, acc[i][v])
			}
		}
		ADDQ(hw, p)
		ADDQ(aStride, a)
		if rows > 4 {
			ADDQ(aStride, a4)
		}
	}
	TESTQ(taps, taps)
	JZ(LabelRef(name + "_store"))
	Label(name + "_tap")
	MOVQ(aTap, a)
	if rows > 4 {
		LEAQ(Mem{Base: aTap, Index: lda, Scale: 4}, a4)
	}
	MOVQ(x, p)
	ADDQ(Mem{Base: t}, p)
	for v := 0; v < convVecs; v++ {
		KMOVW(Mem{Base: t, Disp: 8 + 2*v}, mask[v])
	}
	Load(Param("c"), n)
	// Two channels per iteration, then an odd last one.
	SHRQ(U8(1), n)
	JZ(LabelRef(name + "_odd"))
	Label(name + "_loop")
	step()
	step()
	DECQ(n)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_odd")
	Load(Param("c"), n)
	TESTQ(U32(1), n)
	JZ(LabelRef(name + "_next"))
	step()
	Label(name + "_next")
	ADDQ(U32(4), aTap)
	ADDQ(U32(16), t)
	DECQ(taps)
	JNZ(LabelRef(name + "_tap"))

	Label(name + "_store")
	// The tile's lanes that exist: all but in the image's last tile.
	for v := 0; v < convVecs; v++ {
		KMOVW(Mem{Base: t, Disp: 8 + 2*v}, mask[v])
	}
	pc := Load(Param("y"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(2), ldc)
	bias := Load(Param("bias"), GP64())
	bad, lanes := reg.K4, reg.K5
	KXORW(bad, bad, bad)
	for i := range acc {
		Comment(fmt.Sprintf("row %d", i))
		TESTQ(bias, bias)
		JZ(LabelRef(fmt.Sprintf("%s_put%d", name, i)))
		for v := 0; v < convVecs; v++ {
			VADDPS_BCST(Mem{Base: bias, Disp: 4 * i}, acc[i][v], acc[i][v])
		}
		Label(fmt.Sprintf("%s_put%d", name, i))
		for v := 0; v < convVecs; v++ {
			VMOVUPS(acc[i][v], mask[v], Mem{Base: pc, Disp: 64 * v})
			// x − x is NaN exactly when x is NaN or ±Inf.
			VSUBPS(acc[i][v], acc[i][v], bv[v])
			VCMPPS(U8(3), bv[v], bv[v], mask[v], lanes) // unordered, stored lanes only
			KORW(lanes, bad, bad)
		}
		if i < rows-1 {
			ADDQ(ldc, pc)
		}
	}
	probe := Load(Param("probe"), GP64())
	flags := GP32()
	KMOVW(bad, flags)
	ORW(flags.As16(), Mem{Base: probe})
	VZEROUPPER()
	RET()
}
