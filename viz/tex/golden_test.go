package tex

import (
	"testing"

	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

// goldenFormulas are the representative formulas rendered into
// testdata/<name>_golden.png (go test ./viz/tex -run Golden -regen
// rewrites them).
var goldenFormulas = []struct {
	name    string
	src     string
	size    float64
	display bool
}{
	{"ddpm_step", `x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(x_t - \frac{1-\alpha_t}{\sqrt{1-\bar\alpha_t}}\,\hat\epsilon\right) + \sigma_t z`, 16, false},
	{"ddpm_step_display", `x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(x_t - \frac{1-\alpha_t}{\sqrt{1-\bar\alpha_t}}\,\hat\epsilon\right) + \sigma_t z`, 16, true},
	{"attention", `A = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}} + M\right)V`, 16, false},
	{"batchnorm", `y = \gamma\,\frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}} + \beta`, 16, true},
	{"compositing", `C = \sum_i c_i \alpha_i T_i,\quad T_i = \prod_{j<i}(1-\alpha_j)`, 16, true},
	{"rotation", `R(\theta) = \begin{bmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{bmatrix},\; \det R = 1`, 16, false},
	{"x0_estimate", `\hat{x}_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\epsilon_\theta(x_t, t)}{\sqrt{\bar\alpha_t}}`, 16, true},
	{"relu_cases", `\mathrm{ReLU}(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}`, 16, false},
	{"symbols", `a \odot b \otimes c \oplus d \le e \ne f \approx g \to h \mapsto i \in \mathbb{R}^{d} \Rightarrow \nabla_\theta \mathcal{L},\ \forall x \exists y`, 14, false},
	{"greek", `\alpha\beta\gamma\delta\epsilon\zeta\eta\theta\iota\kappa\lambda\mu\nu\xi\pi\rho\sigma\tau\upsilon\phi\chi\psi\omega\;\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Phi\Psi\Omega`, 14, false},
	{"loss", `\mathcal{L} = \mathbb{E}_{t,x_0,\epsilon}\left[\left\|\epsilon - \epsilon_\theta(x_t, t)\right\|^2\right],\; W^\top x,\; f'(x),\; e^{x_i^2}`, 14, false},
	{"accents_delims", `\sqrt[3]{x} + \binom{n}{k} + \vec{v} + \tilde{x} + \dot{x} + \overline{xy} \overset{!}{=} \left\langle \frac{a}{b}, c \right\rangle \left. \frac{df}{dx} \right|_{x=0} \Big\{ \widehat{xyz} \Big\}`, 14, false},
	{"limits_aligned", `\max_{x} f = \argmax_\theta L,\ \int_0^1 x\,dx,\ \lim_{n\to\infty} a_n,\ \begin{aligned} a &= b + c \\ &= d \end{aligned}`, 14, true},
	{"pmatrix_unknown", `\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{pmatrix} x_1 \\ x_2 \end{pmatrix} = \langle u, v\rangle \cdots \foo{z}`, 14, false},
}

func TestGoldenFormulas(t *testing.T) {
	for _, tc := range goldenFormulas {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Parse(tc.src)
			if tc.name == "pmatrix_unknown" {
				if err == nil {
					t.Fatalf("Parse(%q): no error for \\foo", tc.src)
				}
			} else if err != nil {
				t.Fatalf("Parse(%q): %v", tc.src, err)
			}
			m := raster.New(1, 1, 1)
			l := e.LayoutWith(m, tc.size, Options{Display: tc.display})
			pad := 8.0
			w, h := int(l.Width+2*pad+0.5), int(l.Height()+2*pad+0.5)
			c := raster.New(w, h, 1)
			c.Clear(viz.Paper)
			l.Draw(c, pad, pad+l.Ascent, viz.Ink)
			rastertest.Check(t, c.RGBA(), "testdata/"+tc.name+"_golden.png")
		})
	}
}
