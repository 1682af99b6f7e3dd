using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// Register-blocked SGEMM micro-kernels: C[mr x nr] (+)= Apack * Bpack (overwrite: C = ..., else C += ...) over kc steps, where Apack holds
/// mr values per k (already scaled by alpha) and B holds nr values per k, bStride floats apart (nr when packed). Each kernel keeps the
/// whole C tile in vector registers so the inner loop is only loads, broadcasts and FMAs.
/// </summary>
internal static unsafe class GemmMicroKernels
{
    /// <summary>AVX-512: an 8 x 48 tile in 24 zmm accumulators (fewer C rows per tile than 12 x 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel8x48(int kc, float* a, float* b, int bStride, float* c, int ldc, bool overwrite)
    {
        for (int r = 0; r < 8; r++)
        {
            Sse.Prefetch0(c + (long)r * ldc + 0);
            Sse.Prefetch0(c + (long)r * ldc + 16);
            Sse.Prefetch0(c + (long)r * ldc + 32);
        }
        Vector512<float> c00 = default, c01 = default, c02 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default;
        Vector512<float> c70 = default, c71 = default, c72 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var b2 = Vector512.Load(b + 32);
            var x = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01); c02 = Avx512F.FusedMultiplyAdd(x, b2, c02);
            x = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11); c12 = Avx512F.FusedMultiplyAdd(x, b2, c12);
            x = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21); c22 = Avx512F.FusedMultiplyAdd(x, b2, c22);
            x = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31); c32 = Avx512F.FusedMultiplyAdd(x, b2, c32);
            x = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41); c42 = Avx512F.FusedMultiplyAdd(x, b2, c42);
            x = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51); c52 = Avx512F.FusedMultiplyAdd(x, b2, c52);
            x = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61); c62 = Avx512F.FusedMultiplyAdd(x, b2, c62);
            x = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71); c72 = Avx512F.FusedMultiplyAdd(x, b2, c72);
            a += 8;
            b += bStride;
        }
        Store512x3(overwrite, c + 0 * (long)ldc, c00, c01, c02);
        Store512x3(overwrite, c + 1 * (long)ldc, c10, c11, c12);
        Store512x3(overwrite, c + 2 * (long)ldc, c20, c21, c22);
        Store512x3(overwrite, c + 3 * (long)ldc, c30, c31, c32);
        Store512x3(overwrite, c + 4 * (long)ldc, c40, c41, c42);
        Store512x3(overwrite, c + 5 * (long)ldc, c50, c51, c52);
        Store512x3(overwrite, c + 6 * (long)ldc, c60, c61, c62);
        Store512x3(overwrite, c + 7 * (long)ldc, c70, c71, c72);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512x3(bool overwrite, float* c, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2)
    {
        if (overwrite)
        {
            Vector512.Store(v0, c);
            Vector512.Store(v1, c + 16);
            Vector512.Store(v2, c + 32);
            return;
        }
        Vector512.Store(Vector512.Load(c) + v0, c);
        Vector512.Store(Vector512.Load(c + 16) + v1, c + 16);
        Vector512.Store(Vector512.Load(c + 32) + v2, c + 32);
    }

    /// <summary>AVX2 + FMA: a 6 x 16 tile in 12 ymm accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x16(int kc, float* a, float* b, int bStride, float* c, int ldc, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
            a += 6;
            b += bStride;
        }
        Store256(overwrite, c, c00, c01); c += ldc; Store256(overwrite, c, c10, c11); c += ldc; Store256(overwrite, c, c20, c21); c += ldc;
        Store256(overwrite, c, c30, c31); c += ldc; Store256(overwrite, c, c40, c41); c += ldc; Store256(overwrite, c, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(bool overwrite, float* c, Vector256<float> v0, Vector256<float> v1)
    {
        if (overwrite)
        {
            Vector256.Store(v0, c);
            Vector256.Store(v1, c + 8);
            return;
        }
        Vector256.Store(Vector256.Load(c) + v0, c);
        Vector256.Store(Vector256.Load(c + 8) + v1, c + 8);
    }

    /// <summary>Portable fallback (no FMA intrinsics): a 4 x 8 tile with Vector128 multiply-add.</summary>
    public static void Kernel4x8(int kc, float* a, float* b, int bStride, float* c, int ldc, bool overwrite)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector128<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var x = Vector128.Create(a[0]); c00 += x * b0; c01 += x * b1;
            x = Vector128.Create(a[1]); c10 += x * b0; c11 += x * b1;
            x = Vector128.Create(a[2]); c20 += x * b0; c21 += x * b1;
            x = Vector128.Create(a[3]); c30 += x * b0; c31 += x * b1;
            a += 4;
            b += bStride;
        }
        Store128(overwrite, c, c00, c01); c += ldc; Store128(overwrite, c, c10, c11); c += ldc;
        Store128(overwrite, c, c20, c21); c += ldc; Store128(overwrite, c, c30, c31);
    }

    private static void Store128(bool overwrite, float* c, Vector128<float> v0, Vector128<float> v1)
    {
        if (overwrite)
        {
            Vector128.Store(v0, c);
            Vector128.Store(v1, c + 4);
            return;
        }
        Vector128.Store(Vector128.Load(c) + v0, c);
        Vector128.Store(Vector128.Load(c + 4) + v1, c + 4);
    }
}
