package io.learncast.farm.train.fast;

import io.learncast.farm.config.Activation;

/**
 * The hot loops of {@link FastTrainer}, over row-major {@code float[]} matrices with explicit offsets
 * and leading dimensions. Two implementations: {@link VectorKernels} (the JDK's incubating Vector API,
 * explicit SIMD with register-blocked matrix products — 5–10× faster than what the JIT makes of plain
 * loops) and {@link ScalarKernels} (plain loops, used when the JVM was started without
 * {@code --add-modules jdk.incubator.vector}). Both compute the same maths; only rounding order differs.
 *
 * <p>Column counts {@code n} of matrices the kernels write are multiples of {@link #lanes()}: callers pad
 * fan-outs with zero columns (see {@link Layout}).
 */
abstract class Kernels {

    /** The kernels this JVM can run fastest. */
    static Kernels best() {
        return Holder.BEST;
    }

    /** True when the Vector API module is present, i.e. {@link #best()} is {@link VectorKernels}. */
    static boolean vectorised() {
        return Holder.BEST instanceof VectorKernels;
    }

    private static final class Holder {
        static final Kernels BEST = choose();

        private static Kernels choose() {
            if (Boolean.getBoolean("learncast.fast.scalar")) return new ScalarKernels();
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return scalar("the JVM was started without --add-modules jdk.incubator.vector");
            try {
                // loaded reflectively so that a JVM without the module never links the Vector API classes
                return (Kernels) Class.forName("io.learncast.farm.train.fast.VectorKernels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return scalar("the Vector API could not be loaded: " + e);
            }
        }

        /** Plain-loop kernels are 10–20× slower (on compute-bound shapes slower than DL4J): say so once. */
        private static Kernels scalar(String why) {
            System.getLogger("io.learncast.farm.train.fast").log(System.Logger.Level.WARNING,
                    "fast trainer: " + why + "; using plain-Java kernels, 10-20x slower (the learncast launcher sets the flag)");
            return new ScalarKernels();
        }
    }

    /** Short name for provenance and benchmarks. */
    abstract String name();

    /** Padding unit for the columns of every matrix the kernels write. */
    abstract int lanes();

    /**
     * {@code C[m×n] = A[m×k] · B[k×n] (+ bias row)}: C is overwritten; {@code bias} may be null. The
     * product is summed first and the bias added last, as a matrix product followed by a bias add does.
     */
    abstract void matmul(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                         int m, int k, int n, float[] bias, int biasOff);

    /** {@code C[k×n] += A[m×k]ᵀ · B[m×n]}: the weight gradient of a dense layer, accumulated over row chunks. */
    abstract void matmulTransAAcc(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                  int m, int k, int n);

    /** {@code out[0…n) += Σ_rows A[r][0…n)}: a bias gradient. */
    abstract void columnSumsAcc(float[] a, int aOff, int lda, int m, int n, float[] out, int outOff);

    /**
     * The first layer of a token network as embedding lookups: row r of {@code dst} becomes the sum of the
     * table rows {@code rows[r·positions + p]} (p in order) plus the bias — what a one-hot input times the
     * weight matrix computes, without the zeros.
     */
    abstract void embed(float[] table, int tableOff, int ldt, int[] rows, int rowsOff, int positions, int m, int n,
                        float[] bias, int biasOff, float[] dst, int dstOff, int ldd);

    /** The embedding's gradient: table row {@code rows[r·positions + p]} += row r of {@code delta}. */
    abstract void embedBackward(float[] delta, int dOff, int ldd, int[] rows, int rowsOff, int positions, int m, int n,
                                float[] grad, int gOff, int ldg);

    /** {@code act = f(pre)} elementwise over {@code len} values. */
    abstract void activate(Activation f, float[] pre, float[] act, int off, int len);

    /**
     * {@code eps = f′(pre) · eps} elementwise (f′ from the pre-activation, or from the activation for tanh);
     * {@code scratch} (as long as {@code eps}) may be overwritten.
     */
    abstract void activationBackward(Activation f, float[] pre, float[] act, float[] eps, float[] scratch, int off, int len);

    /**
     * Row-wise softmax in place over {@code m} rows of width {@code n} (padded). {@code mask[j]} is 0 for
     * real classes and −∞ for padding, so padded columns come out as probability 0.
     */
    abstract void softmax(float[] z, int off, int ld, int m, int n, float[] mask);

    /**
     * Scores {@code m} rows of logits (width {@code n}, padded beyond {@code classes}; {@code mask} as for
     * {@link #softmax}; the rows may be overwritten) in fewer passes than softmax and argmax:
     * {@code best[r]} is the first class with the largest
     * logit — the class {@link io.learncast.farm.train.Scores} picks from the probabilities, up to rounding
     * ties — and {@code labelProb[r]} the softmax probability of class {@code labels[labelOff + r]}.
     */
    abstract void score(float[] z, int off, int ld, int m, int n, int classes, float[] mask, int[] labels, int labelOff,
                        float[] labelProb, int[] best);

    /**
     * Adds to {@code sum}, row by row in order, each of {@code m} rows' logit margin: the label's logit minus the
     * largest other real class's (the weight measures' train margin). The rows are left as they were.
     */
    abstract double margins(float[] z, int off, int ld, int m, int n, int classes, float[] mask, int[] labels, int labelOff, double sum);

    /**
     * One Adam step over {@code len} parameters, as DL4J's {@code AdamUpdater} computes it: the gradient
     * is first divided by the minibatch size; {@code l2} is added to the gradient (Adam's L2), then
     * {@code m, v} are updated and the step {@code m·α_t / (√v + ε)}; {@code decoupled} adds
     * {@code lr·wd·w} to the step (DL4J's weight decay with the learning rate applied).
     */
    abstract void adam(float[] w, float[] g, float[] m, float[] v, int off, int len, float batch, float l2, float decoupled,
                       float alphaT, float beta1, float beta2, float eps);

    /** One SGD step: {@code w −= lr·g/batch + decoupled·w}. */
    abstract void sgd(float[] w, float[] g, int off, int len, float batch, float lr, float decoupled);

    // ---- the transformer's kernels (FastTransformerTrainer) ----

    /** {@code C = A + B} over m rows of n columns (n a multiple of {@link #lanes()}); C may be A or B. */
    abstract void add(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n);

    /**
     * LayerNorm of m rows: {@code y = (x − mean)/√(var + eps)·gain + bias}, mean and biased variance over
     * the first {@code d} of each row's {@code n} (padded) columns; {@code colMask} is 1 on those, 0 on the
     * padding (which comes out 0). Each row's mean and 1/√(var + eps) go to {@code mean, rstd[sOff + r]}.
     */
    abstract void layerNorm(float[] x, int xOff, int ldx, int m, int d, int n, float[] colMask, float[] gain, int gOff, float[] bias,
                            int bOff, float eps, float[] y, int yOff, int ldy, float[] mean, float[] rstd, int sOff);

    /**
     * LayerNorm's backward pass for the rows {@link #layerNorm} normalised: with x̂ = (x − mean)·rstd and
     * g = dy·gain, {@code dx = rstd·(g − mean(g) − x̂·mean(g·x̂))} (written, or added to dx when
     * {@code accumulate}), {@code dGain += Σ_rows dy·x̂}, {@code dBias += Σ_rows dy}.
     */
    abstract void layerNormBackward(float[] x, int xOff, int ldx, float[] dy, int dyOff, int lddy, int m, int d, int n, float[] colMask,
                                    float[] gain, int gOff, float[] mean, float[] rstd, int sOff, float[] dx, int dxOff, int lddx,
                                    boolean accumulate, float[] dGain, int dgOff, float[] dBias, int dbOff);

    /**
     * Causal multi-head attention for n examples of {@code s.t} rows each in {@code qkv}, queries at
     * positions {@code first … t−1}: per head, scores {@code q_i·k_j·scale} for j ≤ i, their softmax
     * (kept in {@code probs} for the backward pass, one row of {@code s.tP} per example, head and query)
     * and the mix {@code Σ_j p_j v_j}, written to {@code z} (row {@code e·(t − first) + i − first}, head h
     * at column h·hP).
     */
    abstract void attention(AttentionShape s, float[] qkv, int first, int n, float[] probs, float[] z, int ldz);

    /**
     * The backward pass of {@link #attention}: overwrites {@code dqkv} (n·t rows of s.ldq) with the
     * gradients of Q (query rows only), K and V, given {@code dz} laid out as z. {@code scratch} holds
     * at least s.tP floats.
     */
    abstract void attentionBackward(AttentionShape s, float[] qkv, int first, int n, float[] probs, float[] dz, int lddz, float[] dqkv,
                                    float[] scratch);

    /**
     * {@code wt[j][i] = w[i][j]} for i &lt; rows, j &lt; cols; other entries of {@code wt} are left alone (zero
     * padding). {@code rowMap} holds {@code r·ldw} for r &lt; {@link #lanes()} (made once per layout, so
     * nothing is allocated per step).
     */
    void transpose(float[] w, int wOff, int ldw, int rows, int cols, float[] wt, int ldwt, int[] rowMap) {
        transposeTiles(w, wOff, ldw, rows, cols, wt, ldwt);
    }

    static void transposeTiles(float[] w, int wOff, int ldw, int rows, int cols, float[] wt, int ldwt) {
        transposeTiles(w, wOff, ldw, rows, cols, wt, ldwt, 0);
    }

    /** As {@link #transpose}, writing row i of w into column {@code colOff + i} of wt. */
    static void transposeTiles(float[] w, int wOff, int ldw, int rows, int cols, float[] wt, int ldwt, int colOff) {
        // 16×16 tiles keep both sides in cache lines
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i1 = Math.min(rows, i0 + 16);
            for (int j0 = 0; j0 < cols; j0 += 16) {
                int j1 = Math.min(cols, j0 + 16);
                for (int i = i0; i < i1; i++) {
                    int src = wOff + i * ldw;
                    for (int j = j0; j < j1; j++) wt[j * ldwt + colOff + i] = w[src + j];
                }
            }
        }
    }
}
