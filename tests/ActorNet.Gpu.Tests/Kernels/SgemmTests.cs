using ActorNet.Gpu.Backends.Cpu;

namespace ActorNet.Gpu.Tests.Kernels;

public unsafe class SgemmTests
{
    private static float[] Random(int n, int seed)
    {
        var r = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = r.NextSingle() * 2f - 1f;
        }
        return a;
    }

    private static float[] Reference(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c)
    {
        var result = (float[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = ta ? a[p * m + i] : a[i * k + p];
                    double bv = tb ? b[j * k + p] : b[p * n + j];
                    sum += av * bv;
                }
                result[i * n + j] = (float)(alpha * sum + (beta == 0 ? 0 : beta * c[i * n + j]));
            }
        }
        return result;
    }

    public static TheoryData<bool, bool, int, int, int, int> Cases()
    {
        var data = new TheoryData<bool, bool, int, int, int, int>();
        foreach (var (m, n, k) in new[] { (1, 1, 1), (13, 33, 7), (37, 65, 300), (150, 70, 20), (64, 500, 800), (500, 70, 50), (5, 4100, 3) })
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    data.Add(ta, tb, m, n, k, m * 7 + n);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ManagedMatchesReference(bool ta, bool tb, int m, int n, int k, int seed)
    {
        var a = Random(m * k, seed);
        var b = Random(k * n, seed + 1);
        var c = Random(m * n, seed + 2);
        foreach (float beta in new[] { 0f, 1f, 0.5f })
        {
            var expected = Reference(ta, tb, m, n, k, 0.75f, a, b, beta, c);
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var actual = (float[])c.Clone();
                fixed (float* pa = a, pb = b, pc = actual)
                {
                    ManagedSgemm.Gemm(ta, tb, m, n, k, 0.75f, pa, ta ? m : k, pb, tb ? k : n, beta, pc, n, threads);
                }
                AssertClose(expected, actual, 1e-4f * MathF.Sqrt(k));
            }
        }
    }

    [Fact]
    public void BetaZeroClearsNaNInOutput()
    {
        var a = new float[] { 1, 2 };
        var b = new float[] { 3, 4 };
        var c = new[] { float.NaN };
        fixed (float* pa = a, pb = b, pc = c)
        {
            ManagedSgemm.Gemm(false, false, 1, 1, 2, 1f, pa, 2, pb, 1, 0f, pc, 1, 1);
        }
        Assert.Equal(11f, c[0]);
    }

    [Fact]
    public void OpenBlasAgreesWithManagedWhenInstalled()
    {
        if (!OpenBlas.IsAvailable)
        {
            return; // nothing to compare against on a machine without libopenblas
        }
        const int m = 77, n = 129, k = 301;
        var a = Random(m * k, 1);
        var b = Random(k * n, 2);
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var managed = new float[m * n];
            var blas = new float[m * n];
            fixed (float* pa = a, pb = b, pm = managed, po = blas)
            {
                ManagedSgemm.Gemm(ta, tb, m, n, k, 1f, pa, ta ? m : k, pb, tb ? k : n, 0f, pm, n, 2);
                OpenBlas.Gemm(ta, tb, m, n, k, 1f, pa, ta ? m : k, pb, tb ? k : n, 0f, po, n, 1);
            }
            AssertClose(blas, managed, 1e-3f);
        }
    }

    internal static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float scale = Math.Max(1f, Math.Abs(expected[i]));
            if (Math.Abs(expected[i] - actual[i]) > tolerance * scale)
            {
                Assert.Fail($"Element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance * scale}).");
            }
        }
    }
}
