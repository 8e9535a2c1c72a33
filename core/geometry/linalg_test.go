package geometry

import (
	"math"
	"strings"
	"testing"
)

func TestInverseSingularity(t *testing.T) {
	rot := func(deg float64) Mat3 {
		c, s := math.Cos(deg*math.Pi/180), math.Sin(deg*math.Pi/180)
		return Mat3{c, 0, s, 0, 1, 0, -s, 0, c}
	}
	tests := []struct {
		name     string
		m        Mat4
		singular bool
	}{
		{"identity", Identity4(), false},
		{"rotation_far_translation", Pose(rot(30), Vec3{1000, -2500, 40}), false},
		{"zero", Mat4{}, true},
		{"repeated_row", Mat4{1, 2, 3, 4, 0, 1, 0, 0, 1, 2, 3, 4, 0, 0, 0, 1}, true},
		// A rank-3 matrix rounded to float32: determinant tiny, not zero.
		{"float32_rank_deficient", Mat4{
			float64(float32(0.1)), float64(float32(0.2)), float64(float32(0.3)), 0,
			float64(float32(0.4)), float64(float32(0.5)), float64(float32(0.6)), 0,
			float64(float32(0.7)), float64(float32(0.8)), float64(float32(0.9)), 0,
			0, 0, 0, 1}, true},
	}
	for _, tc := range tests {
		inv, err := tc.m.Inverse("test", "T")
		if tc.singular {
			if err == nil || !strings.Contains(err.Error(), "singular") {
				t.Errorf("%s: got error %v, want a singular-matrix error", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		p := tc.m.Mul(inv)
		for i, v := range p {
			want := 0.0
			if i%5 == 0 {
				want = 1
			}
			if math.Abs(v-want) > 1e-9 {
				t.Errorf("%s: (T T⁻¹)[%d] = %v, want %v", tc.name, i, v, want)
			}
		}
	}
	for _, k := range []Mat3{Intrinsics(0, 480, 320, 240, 0), Intrinsics(500, 0, 320, 240, 0)} {
		if _, err := k.Inverse("test", "K"); err == nil {
			t.Errorf("K %v: got no error, want singular", k)
		}
	}
	if _, err := Intrinsics(2000, 1900, 960, 540, 4).Inverse("test", "K"); err != nil {
		t.Errorf("large-focal K: %v", err)
	}
}

func TestLookAtConvention(t *testing.T) {
	pose, err := LookAt(Vec3{0, 1, -5}, Vec3{0, 1, 0}, Vec3{0, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	// The target is straight ahead at z = 5; a point above it has negative
	// camera y (y points down); a point to the camera's right has positive x.
	for _, tc := range []struct{ world, cam Vec3 }{
		{Vec3{0, 1, 0}, Vec3{0, 0, 5}},
		{Vec3{0, 2, 0}, Vec3{0, -1, 5}},
		{Vec3{-1, 1, 0}, Vec3{1, 0, 5}},
	} {
		got := pose.Apply(tc.world)
		if got.Sub(tc.cam).Norm() > 1e-12 {
			t.Errorf("LookAt maps %v to %v, want %v", tc.world, got, tc.cam)
		}
	}
	if _, err := LookAt(Vec3{0, 0, 0}, Vec3{0, 1, 0}, Vec3{0, 1, 0}); err == nil {
		t.Errorf("LookAt with up parallel to the view: got no error")
	}
}
