package io.learncast.forecast.model;

/**
 * The little dense linear algebra the forecaster needs (a few hundred parameters at most), in plain
 * Java: Smile's matrix API calls native BLAS/LAPACK, which this build leaves out.
 */
final class Linear {
    private Linear() {}

    /** Lower Cholesky factor of a symmetric positive semi-definite matrix; adds a growing jitter to the diagonal if needed. */
    static double[][] choleskyLower(double[][] a) {
        int n = a.length;
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i][i]));
        if (scale == 0) scale = 1;
        for (double jitter = 0; ; jitter = jitter == 0 ? 1e-10 * scale : jitter * 10) {
            double[][] l = tryCholesky(a, jitter);
            if (l != null) return l;
            if (jitter > scale) throw new ArithmeticException("matrix is far from positive definite");
        }
    }

    private static double[][] tryCholesky(double[][] a, double jitter) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                if (i == j) {
                    if (!(s > 0)) return null;
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves a x = b for symmetric positive definite a; null when a is not positive definite. */
    static double[] solveSpd(double[][] a, double[] b) {
        double[][] l = tryCholesky(a, 0);
        if (l == null) return null;
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * y[k];
            y[i] = s / l[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k][i] * y[k];
            y[i] = s / l[i][i];
        }
        return y;
    }

    /** Inverse of a symmetric positive definite matrix through its Cholesky factor. */
    static double[][] inverseSpd(double[][] a) {
        int n = a.length;
        double[][] l = choleskyLower(a);
        double[][] inv = new double[n][n];
        double[] col = new double[n];
        for (int c = 0; c < n; c++) {
            java.util.Arrays.fill(col, 0);
            col[c] = 1;
            // L y = e_c
            for (int i = 0; i < n; i++) {
                double s = col[i];
                for (int k = 0; k < i; k++) s -= l[i][k] * col[k];
                col[i] = s / l[i][i];
            }
            // Lᵀ x = y
            for (int i = n - 1; i >= 0; i--) {
                double s = col[i];
                for (int k = i + 1; k < n; k++) s -= l[k][i] * col[k];
                col[i] = s / l[i][i];
            }
            for (int i = 0; i < n; i++) inv[i][c] = col[i];
        }
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) {
            double m = 0.5 * (inv[i][j] + inv[j][i]);
            inv[i][j] = m;
            inv[j][i] = m;
        }
        return inv;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length, k = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < k; t++) {
                double v = a[i][t];
                if (v == 0) continue;
                double[] bt = b[t];
                double[] ci = c[i];
                for (int j = 0; j < m; j++) ci[j] += v * bt[j];
            }
        }
        return c;
    }
}
