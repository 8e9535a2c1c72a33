//go:build amd64

#include "textflag.h"

// func iouRowAVX2(dst, soa *float32, n int, ax0, ay0, ax1, ay1, areaA float32)
// soa holds x1, y1, x2, y2 and area of the boxes in rows of iouTile
// float32s; n is a positive multiple of 8.
TEXT ·iouRowAVX2(SB), NOSPLIT, $0-44
	MOVQ         dst+0(FP), DI
	MOVQ         soa+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS ax0+24(FP), Y8
	VBROADCASTSS ay0+28(FP), Y9
	VBROADCASTSS ax1+32(FP), Y10
	VBROADCASTSS ay1+36(FP), Y11
	VBROADCASTSS areaA+40(FP), Y12
	VXORPS       Y13, Y13, Y13
loop:
	VMAXPS   (SI), Y8, Y0
	VMAXPS   1024(SI), Y9, Y1
	VMINPS   2048(SI), Y10, Y2
	VMINPS   3072(SI), Y11, Y3
	VSUBPS   Y0, Y2, Y2
	VSUBPS   Y1, Y3, Y3
	VMAXPS   Y13, Y2, Y2
	VMAXPS   Y13, Y3, Y3
	VMULPS   Y3, Y2, Y2
	VADDPS   4096(SI), Y12, Y4
	VSUBPS   Y2, Y4, Y4
	VDIVPS   Y4, Y2, Y5
	VCMPPS   $0, Y13, Y4, Y6
	VANDNPS  Y5, Y6, Y5
	VMOVUPS  Y5, (DI)
	ADDQ     $32, SI
	ADDQ     $32, DI
	SUBQ     $8, CX
	JNZ      loop
	VZEROUPPER
	RET
