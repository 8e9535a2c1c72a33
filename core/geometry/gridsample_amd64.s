//go:build amd64

#include "textflag.h"

// Constant block layout (bytes), each entry 8 float32 or int32 lanes.
#define K_ONE 0
#define K_SX 32
#define K_BX 64
#define K_SY 96
#define K_BY 128
#define K_HALF 160
#define K_WM1 192
#define K_HM1 224
#define K_WINT 256

// func gridSampleAVX2(dst *float32, dstStride int, src *float32, plane int, c int, grid *float32, n int, w int, k *gridConsts)
// n is a positive multiple of 8; see sampleGrid8.
TEXT ·gridSampleAVX2(SB), NOSPLIT, $0-72
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), SI
	MOVQ plane+24(FP), R9
	SHLQ $2, R9
	MOVQ c+32(FP), R10
	MOVQ grid+40(FP), DX
	MOVQ n+48(FP), CX
	MOVQ w+56(FP), R11
	SHLQ $2, R11
	MOVQ k+64(FP), R12
	VMOVUPS K_ONE(R12), Y15
	VXORPS  Y12, Y12, Y12

loop:
	// De-interleave 8 (x, y) pairs.
	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1
	VSHUFPS $0x88, Y1, Y0, Y2
	VPERMPD $0xD8, Y2, Y2
	VSHUFPS $0xDD, Y1, Y0, Y3
	VPERMPD $0xD8, Y3, Y3

	// Pixel coordinates ((v+1)·S − B)·½.
	VADDPS Y15, Y2, Y2
	VMULPS K_SX(R12), Y2, Y2
	VSUBPS K_BX(R12), Y2, Y2
	VMULPS K_HALF(R12), Y2, Y2
	VADDPS Y15, Y3, Y3
	VMULPS K_SY(R12), Y3, Y3
	VSUBPS K_BY(R12), Y3, Y3
	VMULPS K_HALF(R12), Y3, Y3

	// Floors and fractions.
	VROUNDPS $1, Y2, Y4
	VROUNDPS $1, Y3, Y5
	VSUBPS   Y4, Y2, Y2
	VSUBPS   Y5, Y3, Y3

	// Corner weights.
	VSUBPS Y2, Y15, Y6
	VSUBPS Y3, Y15, Y7
	VMULPS Y7, Y6, Y8
	VMULPS Y7, Y2, Y9
	VMULPS Y3, Y6, Y10
	VMULPS Y3, Y2, Y11

	// Column masks: x0 in Y0, x0+1 in Y2.
	VCMPPS $0x1D, Y12, Y4, Y0
	VCMPPS $0x12, K_WM1(R12), Y4, Y1
	VANDPS Y1, Y0, Y0
	VADDPS Y15, Y4, Y1
	VCMPPS $0x1D, Y12, Y1, Y2
	VCMPPS $0x12, K_WM1(R12), Y1, Y3
	VANDPS Y3, Y2, Y2

	// Row masks: y0 in Y3, y0+1 in Y6.
	VCMPPS $0x1D, Y12, Y5, Y3
	VCMPPS $0x12, K_HM1(R12), Y5, Y1
	VANDPS Y1, Y3, Y3
	VADDPS Y15, Y5, Y1
	VCMPPS $0x1D, Y12, Y1, Y6
	VCMPPS $0x12, K_HM1(R12), Y1, Y7
	VANDPS Y7, Y6, Y6

	// Index of the north-west corner y0·W + x0 (garbage where masked).
	VCVTTPS2DQ Y4, Y4
	VCVTTPS2DQ Y5, Y5
	VPMULLD    K_WINT(R12), Y5, Y5
	VPADDD     Y4, Y5, Y5

	// Corner masks.
	VANDPS Y0, Y3, Y4
	VANDPS Y2, Y3, Y7
	VANDPS Y0, Y6, Y0
	VANDPS Y2, Y6, Y2

	// Zero the weights of masked corners: at an infinite coordinate the
	// fraction is NaN, and 0·NaN must not leak into the sum.
	VANDPS Y4, Y8, Y8
	VANDPS Y7, Y9, Y9
	VANDPS Y0, Y10, Y10
	VANDPS Y2, Y11, Y11

	MOVQ SI, R13
	LEAQ (SI)(R11*1), R14
	MOVQ DI, BX
	MOVQ R10, AX

chan:
	VMOVAPS    Y4, Y1
	VXORPS     Y3, Y3, Y3
	VGATHERDPS Y1, (R13)(Y5*4), Y3
	VMULPS     Y8, Y3, Y3
	VADDPS     Y12, Y3, Y3
	VMOVAPS    Y7, Y1
	VXORPS     Y6, Y6, Y6
	VGATHERDPS Y1, 4(R13)(Y5*4), Y6
	VMULPS     Y9, Y6, Y6
	VADDPS     Y6, Y3, Y3
	VMOVAPS    Y0, Y1
	VXORPS     Y6, Y6, Y6
	VGATHERDPS Y1, (R14)(Y5*4), Y6
	VMULPS     Y10, Y6, Y6
	VADDPS     Y6, Y3, Y3
	VMOVAPS    Y2, Y1
	VXORPS     Y6, Y6, Y6
	VGATHERDPS Y1, 4(R14)(Y5*4), Y6
	VMULPS     Y11, Y6, Y6
	VADDPS     Y6, Y3, Y3
	VMOVUPS    Y3, (BX)
	ADDQ       R9, R13
	ADDQ       R9, R14
	ADDQ       R8, BX
	DECQ       AX
	JNZ        chan

	ADDQ $64, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JNZ  loop
	VZEROUPPER
	RET
