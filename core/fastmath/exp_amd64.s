//go:build amd64

#include "textflag.h"

// Constants, each broadcast over 8 lanes (generated; see exp.go for the
// algorithm they implement).
DATA expLo<>+0(SB)/4, $0xc2d00000
DATA expLo<>+4(SB)/4, $0xc2d00000
DATA expLo<>+8(SB)/4, $0xc2d00000
DATA expLo<>+12(SB)/4, $0xc2d00000
DATA expLo<>+16(SB)/4, $0xc2d00000
DATA expLo<>+20(SB)/4, $0xc2d00000
DATA expLo<>+24(SB)/4, $0xc2d00000
DATA expLo<>+28(SB)/4, $0xc2d00000
GLOBL expLo<>(SB), RODATA|NOPTR, $32
DATA expHi<>+0(SB)/4, $0x42b1999a
DATA expHi<>+4(SB)/4, $0x42b1999a
DATA expHi<>+8(SB)/4, $0x42b1999a
DATA expHi<>+12(SB)/4, $0x42b1999a
DATA expHi<>+16(SB)/4, $0x42b1999a
DATA expHi<>+20(SB)/4, $0x42b1999a
DATA expHi<>+24(SB)/4, $0x42b1999a
DATA expHi<>+28(SB)/4, $0x42b1999a
GLOBL expHi<>(SB), RODATA|NOPTR, $32
DATA expLog2e<>+0(SB)/4, $0x3fb8aa3b
DATA expLog2e<>+4(SB)/4, $0x3fb8aa3b
DATA expLog2e<>+8(SB)/4, $0x3fb8aa3b
DATA expLog2e<>+12(SB)/4, $0x3fb8aa3b
DATA expLog2e<>+16(SB)/4, $0x3fb8aa3b
DATA expLog2e<>+20(SB)/4, $0x3fb8aa3b
DATA expLog2e<>+24(SB)/4, $0x3fb8aa3b
DATA expLog2e<>+28(SB)/4, $0x3fb8aa3b
GLOBL expLog2e<>(SB), RODATA|NOPTR, $32
DATA expLn2Hi<>+0(SB)/4, $0x3f318000
DATA expLn2Hi<>+4(SB)/4, $0x3f318000
DATA expLn2Hi<>+8(SB)/4, $0x3f318000
DATA expLn2Hi<>+12(SB)/4, $0x3f318000
DATA expLn2Hi<>+16(SB)/4, $0x3f318000
DATA expLn2Hi<>+20(SB)/4, $0x3f318000
DATA expLn2Hi<>+24(SB)/4, $0x3f318000
DATA expLn2Hi<>+28(SB)/4, $0x3f318000
GLOBL expLn2Hi<>(SB), RODATA|NOPTR, $32
DATA expLn2Lo<>+0(SB)/4, $0xb95e8083
DATA expLn2Lo<>+4(SB)/4, $0xb95e8083
DATA expLn2Lo<>+8(SB)/4, $0xb95e8083
DATA expLn2Lo<>+12(SB)/4, $0xb95e8083
DATA expLn2Lo<>+16(SB)/4, $0xb95e8083
DATA expLn2Lo<>+20(SB)/4, $0xb95e8083
DATA expLn2Lo<>+24(SB)/4, $0xb95e8083
DATA expLn2Lo<>+28(SB)/4, $0xb95e8083
GLOBL expLn2Lo<>(SB), RODATA|NOPTR, $32
DATA expOne<>+0(SB)/4, $0x3f800000
DATA expOne<>+4(SB)/4, $0x3f800000
DATA expOne<>+8(SB)/4, $0x3f800000
DATA expOne<>+12(SB)/4, $0x3f800000
DATA expOne<>+16(SB)/4, $0x3f800000
DATA expOne<>+20(SB)/4, $0x3f800000
DATA expOne<>+24(SB)/4, $0x3f800000
DATA expOne<>+28(SB)/4, $0x3f800000
GLOBL expOne<>(SB), RODATA|NOPTR, $32
DATA expC5<>+0(SB)/4, $0x39506967
DATA expC5<>+4(SB)/4, $0x39506967
DATA expC5<>+8(SB)/4, $0x39506967
DATA expC5<>+12(SB)/4, $0x39506967
DATA expC5<>+16(SB)/4, $0x39506967
DATA expC5<>+20(SB)/4, $0x39506967
DATA expC5<>+24(SB)/4, $0x39506967
DATA expC5<>+28(SB)/4, $0x39506967
GLOBL expC5<>(SB), RODATA|NOPTR, $32
DATA expC4<>+0(SB)/4, $0x3ab743ce
DATA expC4<>+4(SB)/4, $0x3ab743ce
DATA expC4<>+8(SB)/4, $0x3ab743ce
DATA expC4<>+12(SB)/4, $0x3ab743ce
DATA expC4<>+16(SB)/4, $0x3ab743ce
DATA expC4<>+20(SB)/4, $0x3ab743ce
DATA expC4<>+24(SB)/4, $0x3ab743ce
DATA expC4<>+28(SB)/4, $0x3ab743ce
GLOBL expC4<>(SB), RODATA|NOPTR, $32
DATA expC3<>+0(SB)/4, $0x3c088908
DATA expC3<>+4(SB)/4, $0x3c088908
DATA expC3<>+8(SB)/4, $0x3c088908
DATA expC3<>+12(SB)/4, $0x3c088908
DATA expC3<>+16(SB)/4, $0x3c088908
DATA expC3<>+20(SB)/4, $0x3c088908
DATA expC3<>+24(SB)/4, $0x3c088908
DATA expC3<>+28(SB)/4, $0x3c088908
GLOBL expC3<>(SB), RODATA|NOPTR, $32
DATA expC2<>+0(SB)/4, $0x3d2aa9c1
DATA expC2<>+4(SB)/4, $0x3d2aa9c1
DATA expC2<>+8(SB)/4, $0x3d2aa9c1
DATA expC2<>+12(SB)/4, $0x3d2aa9c1
DATA expC2<>+16(SB)/4, $0x3d2aa9c1
DATA expC2<>+20(SB)/4, $0x3d2aa9c1
DATA expC2<>+24(SB)/4, $0x3d2aa9c1
DATA expC2<>+28(SB)/4, $0x3d2aa9c1
GLOBL expC2<>(SB), RODATA|NOPTR, $32
DATA expC1<>+0(SB)/4, $0x3e2aaaaa
DATA expC1<>+4(SB)/4, $0x3e2aaaaa
DATA expC1<>+8(SB)/4, $0x3e2aaaaa
DATA expC1<>+12(SB)/4, $0x3e2aaaaa
DATA expC1<>+16(SB)/4, $0x3e2aaaaa
DATA expC1<>+20(SB)/4, $0x3e2aaaaa
DATA expC1<>+24(SB)/4, $0x3e2aaaaa
DATA expC1<>+28(SB)/4, $0x3e2aaaaa
GLOBL expC1<>(SB), RODATA|NOPTR, $32
DATA expC0<>+0(SB)/4, $0x3f000000
DATA expC0<>+4(SB)/4, $0x3f000000
DATA expC0<>+8(SB)/4, $0x3f000000
DATA expC0<>+12(SB)/4, $0x3f000000
DATA expC0<>+16(SB)/4, $0x3f000000
DATA expC0<>+20(SB)/4, $0x3f000000
DATA expC0<>+24(SB)/4, $0x3f000000
DATA expC0<>+28(SB)/4, $0x3f000000
GLOBL expC0<>(SB), RODATA|NOPTR, $32
DATA negInf<>+0(SB)/4, $0xff800000
DATA negInf<>+4(SB)/4, $0xff800000
DATA negInf<>+8(SB)/4, $0xff800000
DATA negInf<>+12(SB)/4, $0xff800000
DATA negInf<>+16(SB)/4, $0xff800000
DATA negInf<>+20(SB)/4, $0xff800000
DATA negInf<>+24(SB)/4, $0xff800000
DATA negInf<>+28(SB)/4, $0xff800000
GLOBL negInf<>(SB), RODATA|NOPTR, $32
DATA bias127<>+0(SB)/4, $127
DATA bias127<>+4(SB)/4, $127
DATA bias127<>+8(SB)/4, $127
DATA bias127<>+12(SB)/4, $127
DATA bias127<>+16(SB)/4, $127
DATA bias127<>+20(SB)/4, $127
DATA bias127<>+24(SB)/4, $127
DATA bias127<>+28(SB)/4, $127
GLOBL bias127<>(SB), RODATA|NOPTR, $32
DATA tailMask<>+0(SB)/4, $0xffffffff
DATA tailMask<>+4(SB)/4, $0xffffffff
DATA tailMask<>+8(SB)/4, $0xffffffff
DATA tailMask<>+12(SB)/4, $0xffffffff
DATA tailMask<>+16(SB)/4, $0xffffffff
DATA tailMask<>+20(SB)/4, $0xffffffff
DATA tailMask<>+24(SB)/4, $0xffffffff
DATA tailMask<>+28(SB)/4, $0xffffffff
DATA tailMask<>+32(SB)/4, $0x00000000
DATA tailMask<>+36(SB)/4, $0x00000000
DATA tailMask<>+40(SB)/4, $0x00000000
DATA tailMask<>+44(SB)/4, $0x00000000
DATA tailMask<>+48(SB)/4, $0x00000000
DATA tailMask<>+52(SB)/4, $0x00000000
DATA tailMask<>+56(SB)/4, $0x00000000
DATA tailMask<>+60(SB)/4, $0x00000000
GLOBL tailMask<>(SB), RODATA|NOPTR, $64
DATA absMask<>+0(SB)/4, $0x7fffffff
DATA absMask<>+4(SB)/4, $0x7fffffff
DATA absMask<>+8(SB)/4, $0x7fffffff
DATA absMask<>+12(SB)/4, $0x7fffffff
DATA absMask<>+16(SB)/4, $0x7fffffff
DATA absMask<>+20(SB)/4, $0x7fffffff
DATA absMask<>+24(SB)/4, $0x7fffffff
DATA absMask<>+28(SB)/4, $0x7fffffff
GLOBL absMask<>(SB), RODATA|NOPTR, $32
DATA fastLim<>+0(SB)/4, $0x42ae0000
DATA fastLim<>+4(SB)/4, $0x42ae0000
DATA fastLim<>+8(SB)/4, $0x42ae0000
DATA fastLim<>+12(SB)/4, $0x42ae0000
DATA fastLim<>+16(SB)/4, $0x42ae0000
DATA fastLim<>+20(SB)/4, $0x42ae0000
DATA fastLim<>+24(SB)/4, $0x42ae0000
DATA fastLim<>+28(SB)/4, $0x42ae0000
GLOBL fastLim<>(SB), RODATA|NOPTR, $32
DATA lowLim<>+0(SB)/4, $0xc2ad6666
DATA lowLim<>+4(SB)/4, $0xc2ad6666
DATA lowLim<>+8(SB)/4, $0xc2ad6666
DATA lowLim<>+12(SB)/4, $0xc2ad6666
DATA lowLim<>+16(SB)/4, $0xc2ad6666
DATA lowLim<>+20(SB)/4, $0xc2ad6666
DATA lowLim<>+24(SB)/4, $0xc2ad6666
DATA lowLim<>+28(SB)/4, $0xc2ad6666
GLOBL lowLim<>(SB), RODATA|NOPTR, $32
DATA int149<>+0(SB)/4, $0x00000095
DATA int149<>+4(SB)/4, $0x00000095
DATA int149<>+8(SB)/4, $0x00000095
DATA int149<>+12(SB)/4, $0x00000095
DATA int149<>+16(SB)/4, $0x00000095
DATA int149<>+20(SB)/4, $0x00000095
DATA int149<>+24(SB)/4, $0x00000095
DATA int149<>+28(SB)/4, $0x00000095
GLOBL int149<>(SB), RODATA|NOPTR, $32
DATA int24<>+0(SB)/4, $0x00000018
DATA int24<>+4(SB)/4, $0x00000018
DATA int24<>+8(SB)/4, $0x00000018
DATA int24<>+12(SB)/4, $0x00000018
DATA int24<>+16(SB)/4, $0x00000018
DATA int24<>+20(SB)/4, $0x00000018
DATA int24<>+24(SB)/4, $0x00000018
DATA int24<>+28(SB)/4, $0x00000018
GLOBL int24<>(SB), RODATA|NOPTR, $32
DATA intM125<>+0(SB)/4, $0xffffff83
DATA intM125<>+4(SB)/4, $0xffffff83
DATA intM125<>+8(SB)/4, $0xffffff83
DATA intM125<>+12(SB)/4, $0xffffff83
DATA intM125<>+16(SB)/4, $0xffffff83
DATA intM125<>+20(SB)/4, $0xffffff83
DATA intM125<>+24(SB)/4, $0xffffff83
DATA intM125<>+28(SB)/4, $0xffffff83
GLOBL intM125<>(SB), RODATA|NOPTR, $32

// Every exponential below is e^x = 2^n · e^r with n = round(x·log2e) and
// r = x − n·ln2 (ln2 in two parts, n·ln2Hi exact), e^r ≈ 1 + r + r²·P(r)
// with Cephes' expf coefficients (see exp.go). EXPCHECK, EXPFAST and EXPSLOW
// take x in Y0 and leave e^x in Y2; they clobber Y0, Y1, Y3, Y4 and expect
// the constants of LOADCONSTS.

// EXPCHECK sets ZF when every lane has |x| <= 87 (then the result is a
// normal float and 2^n one exponent field); NaN fails the test.
#define EXPCHECK \
	VANDPS  absMask<>(SB), Y0, Y4; \
	VCMPPS  $0x16, fastLim<>(SB), Y4, Y4; \
	VTESTPS Y4, Y4

// EXPPOLY sets Y1 = n (as float), Y0 = r and Y2 = e^r.
#define EXPPOLY \
	VMULPS       Y12, Y0, Y1; \
	VROUNDPS     $0, Y1, Y1; \
	VFNMADD231PS Y11, Y1, Y0; \
	VFNMADD231PS Y10, Y1, Y0; \
	VMOVUPS      expC5<>(SB), Y2; \
	VFMADD213PS  expC4<>(SB), Y0, Y2; \
	VFMADD213PS  expC3<>(SB), Y0, Y2; \
	VFMADD213PS  expC2<>(SB), Y0, Y2; \
	VFMADD213PS  expC1<>(SB), Y0, Y2; \
	VFMADD213PS  expC0<>(SB), Y0, Y2; \
	VMULPS       Y0, Y0, Y3; \
	VFMADD213PS  Y0, Y3, Y2; \
	VADDPS       Y9, Y2, Y2

// EXPFAST is the common case, every |x| <= 87: 2^n is built directly.
#define EXPFAST \
	EXPPOLY; \
	VCVTPS2DQ Y1, Y1; \
	VPADDD    Y8, Y1, Y1; \
	VPSLLD    $23, Y1, Y1; \
	VMULPS    Y1, Y2, Y2

// EXPSLOW handles a block with some lane outside [-87, 87] without any
// subnormal intermediate (which would cost a microcode assist per lane).
// x is clamped to [-104, 88.8], NaN-preserving (the operand order returns x
// when it is NaN). Lanes with x >= -86.7 get p·2^(n>>1)·2^(n−n>>1), n = 128
// overflowing to +Inf; n is raised to at least -125 there, which changes no
// such lane and keeps the discarded ones normal. Lanes with x < -86.7 have
// results below 2^-125, whose bit pattern is the integer p·2^(n+149): that
// product is exact as a float and the conversion rounds it once, giving the
// correctly rounded subnormal (or 0, or a float of the lowest binade).
#define EXPSLOW \
	VCMPPS    $0x11, lowLim<>(SB), Y0, Y4; \
	VMAXPS    Y0, Y14, Y0; \
	VMINPS    Y0, Y13, Y0; \
	EXPPOLY; \
	VCVTPS2DQ Y1, Y1; \
	VPADDD    int149<>(SB), Y1, Y3; \
	VPMINSD   int24<>(SB), Y3, Y3; \
	VPADDD    Y8, Y3, Y3; \
	VPSLLD    $23, Y3, Y3; \
	VMULPS    Y2, Y3, Y3; \
	VCVTPS2DQ Y3, Y3; \
	VPMAXSD   intM125<>(SB), Y1, Y1; \
	VPSRAD    $1, Y1, Y0; \
	VPSUBD    Y0, Y1, Y1; \
	VPADDD    Y8, Y0, Y0; \
	VPADDD    Y8, Y1, Y1; \
	VPSLLD    $23, Y0, Y0; \
	VPSLLD    $23, Y1, Y1; \
	VMULPS    Y0, Y2, Y2; \
	VMULPS    Y1, Y2, Y2; \
	VBLENDVPS Y4, Y3, Y2, Y2

#define LOADCONSTS \
	VMOVUPS expLo<>(SB), Y14; \
	VMOVUPS expHi<>(SB), Y13; \
	VMOVUPS expLog2e<>(SB), Y12; \
	VMOVUPS expLn2Hi<>(SB), Y11; \
	VMOVUPS expLn2Lo<>(SB), Y10; \
	VMOVUPS expOne<>(SB), Y9; \
	VMOVUPS bias127<>(SB), Y8

// func expSubSumAVX2(dst *float32, src *float32, n int, shift float32, store bool) float32
// dst[i] = exp(src[i] − shift) for i < n (written only if store), returning
// the sum of those values. dst may equal src.
TEXT ·expSubSumAVX2(SB), NOSPLIT, $0-36
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS shift+24(FP), Y15
	MOVBLZX      store+28(FP), DX
	LOADCONSTS
	VXORPS       Y7, Y7, Y7
	VXORPS       Y6, Y6, Y6

loop16:
	CMPQ    CX, $16
	JLT     loop8
	VMOVUPS (SI), Y0
	VSUBPS  Y15, Y0, Y0
	EXPCHECK
	JNE     slow16a
	EXPFAST

back16a:
	VADDPS  Y2, Y7, Y7
	TESTQ   DX, DX
	JZ      nostore16a
	VMOVUPS Y2, (DI)

nostore16a:
	VMOVUPS 32(SI), Y0
	VSUBPS  Y15, Y0, Y0
	EXPCHECK
	JNE     slow16b
	EXPFAST

back16b:
	VADDPS  Y2, Y6, Y6
	TESTQ   DX, DX
	JZ      nostore16b
	VMOVUPS Y2, 32(DI)

nostore16b:
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop16

loop8:
	CMPQ    CX, $8
	JLT     tail
	VMOVUPS (SI), Y0
	VSUBPS  Y15, Y0, Y0
	EXPCHECK
	JNE     slow8
	EXPFAST

back8:
	VADDPS  Y2, Y7, Y7
	TESTQ   DX, DX
	JZ      nostore8
	VMOVUPS Y2, (DI)

nostore8:
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX

tail:
	TESTQ      CX, CX
	JZ         reduce
	LEAQ       tailMask<>(SB), AX
	MOVQ       $8, BX
	SUBQ       CX, BX
	VMOVUPS    (AX)(BX*4), Y5
	VMASKMOVPS (SI), Y5, Y0
	VSUBPS     Y15, Y0, Y0
	EXPCHECK
	JNE        slowtail
	EXPFAST

backtail:
	VANDPS     Y5, Y2, Y2
	VADDPS     Y2, Y7, Y7
	TESTQ      DX, DX
	JZ         reduce
	VMASKMOVPS Y2, Y5, (DI)

reduce:
	VADDPS       Y6, Y7, Y7
	VEXTRACTF128 $1, Y7, X6
	VADDPS       X6, X7, X7
	VPERMILPS    $0x4e, X7, X6
	VADDPS       X6, X7, X7
	VPERMILPS    $0xb1, X7, X6
	VADDSS       X6, X7, X7
	VMOVSS       X7, ret+32(FP)
	VZEROUPPER
	RET

slow16a:
	EXPSLOW
	JMP back16a

slow16b:
	EXPSLOW
	JMP back16b

slow8:
	EXPSLOW
	JMP back8

slowtail:
	EXPSLOW
	JMP backtail

// func maxSumAVX2(src *float32, n int) (max float32, sum float64, nan bool)
// The largest of src[:n] (−Inf if n = 0), the float64 sum of all of them,
// and whether any is NaN (then max is meaningless).
TEXT ·maxSumAVX2(SB), NOSPLIT, $0-33
	MOVQ    src+0(FP), SI
	MOVQ    n+8(FP), CX
	VMOVUPS negInf<>(SB), Y0
	VMOVUPS Y0, Y7
	VXORPS  Y1, Y1, Y1
	VXORPD  Y2, Y2, Y2
	VXORPD  Y3, Y3, Y3

mloop:
	CMPQ         CX, $8
	JLT          mtail
	VMOVUPS      (SI), Y4
	VMAXPS       Y4, Y0, Y0
	VCMPPS       $3, Y4, Y4, Y5
	VORPS        Y5, Y1, Y1
	VCVTPS2PD    X4, Y5
	VEXTRACTF128 $1, Y4, X6
	VCVTPS2PD    X6, Y6
	VADDPD       Y5, Y2, Y2
	VADDPD       Y6, Y3, Y3
	ADDQ         $32, SI
	SUBQ         $8, CX
	JMP          mloop

mtail:
	TESTQ        CX, CX
	JZ           mreduce
	LEAQ         tailMask<>(SB), AX
	MOVQ         $8, BX
	SUBQ         CX, BX
	VMOVUPS      (AX)(BX*4), Y8
	VMASKMOVPS   (SI), Y8, Y4
	VCMPPS       $3, Y4, Y4, Y5
	VORPS        Y5, Y1, Y1
	VCVTPS2PD    X4, Y5
	VEXTRACTF128 $1, Y4, X6
	VCVTPS2PD    X6, Y6
	VADDPD       Y5, Y2, Y2
	VADDPD       Y6, Y3, Y3
	VBLENDVPS    Y8, Y4, Y7, Y4
	VMAXPS       Y4, Y0, Y0

mreduce:
	VEXTRACTF128 $1, Y0, X4
	VMAXPS       X4, X0, X0
	VPERMILPS    $0x4e, X0, X4
	VMAXPS       X4, X0, X0
	VPERMILPS    $0xb1, X0, X4
	VMAXSS       X4, X0, X0
	VMOVSS       X0, max+16(FP)
	VADDPD       Y3, Y2, Y2
	VEXTRACTF128 $1, Y2, X3
	VADDPD       X3, X2, X2
	VPERMILPD    $1, X2, X3
	VADDSD       X3, X2, X2
	VMOVSD       X2, sum+24(FP)
	VMOVMSKPS    Y1, AX
	TESTL        AX, AX
	SETNE        nan+32(FP)
	VZEROUPPER
	RET

// func scaleAVX2(x *float32, n int, a float32)
// x[i] *= a for i < n.
TEXT ·scaleAVX2(SB), NOSPLIT, $0-20
	MOVQ         x+0(FP), DI
	MOVQ         n+8(FP), CX
	VBROADCASTSS a+16(FP), Y15

sloop32:
	CMPQ    CX, $32
	JLT     sloop8
	VMULPS  (DI), Y15, Y0
	VMULPS  32(DI), Y15, Y1
	VMULPS  64(DI), Y15, Y2
	VMULPS  96(DI), Y15, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     sloop32

sloop8:
	CMPQ    CX, $8
	JLT     stail
	VMULPS  (DI), Y15, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     sloop8

stail:
	TESTQ      CX, CX
	JZ         sdone
	LEAQ       tailMask<>(SB), AX
	MOVQ       $8, BX
	SUBQ       CX, BX
	VMOVUPS    (AX)(BX*4), Y5
	VMASKMOVPS (DI), Y5, Y0
	VMULPS     Y0, Y15, Y0
	VMASKMOVPS Y0, Y5, (DI)

sdone:
	VZEROUPPER
	RET

// func cpuid(leaf uint32, sub uint32) (eax uint32, ebx uint32, ecx uint32, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv0() (eax uint32, edx uint32)
TEXT ·xgetbv0(SB), NOSPLIT, $0-8
	XORL   CX, CX
	XGETBV
	MOVL   AX, eax+0(FP)
	MOVL   DX, edx+4(FP)
	RET

// func allFiniteAVX2(src *float32, n int) bool
// Whether src[:n] holds no NaN or ±Inf; n is a multiple of 32. v−v is +0
// for a finite v and NaN otherwise, so OR-ing the differences into four
// accumulators leaves them all zero exactly when every value is finite:
// one load, one subtract and one OR per 8 values, about the speed of
// reading the memory.
TEXT ·allFiniteAVX2(SB), NOSPLIT, $0-17
	MOVQ   src+0(FP), SI
	MOVQ   n+8(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

floop:
	CMPQ    CX, $32
	JLT     fdone
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VSUBPS  Y4, Y4, Y4
	VSUBPS  Y5, Y5, Y5
	VSUBPS  Y6, Y6, Y6
	VSUBPS  Y7, Y7, Y7
	VORPS   Y4, Y0, Y0
	VORPS   Y5, Y1, Y1
	VORPS   Y6, Y2, Y2
	VORPS   Y7, Y3, Y3
	ADDQ    $128, SI
	SUBQ    $32, CX
	JMP     floop

fdone:
	VORPS   Y1, Y0, Y0
	VORPS   Y3, Y2, Y2
	VORPS   Y2, Y0, Y0
	VPTEST  Y0, Y0
	SETEQ   ret+16(FP)
	VZEROUPPER
	RET
