using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// 8 × 8 float transposes in AVX registers, shared by the kernels that change a matrix's layout on the way: SGEMM's
/// packing of a transposed B, the direct convolution's tile stores and its output-gradient transposes.
/// </summary>
internal static unsafe class RegisterTranspose
{
    /// <summary>Transposes the 8 × 8 block at <paramref name="src"/> (rows <paramref name="srcStride"/> apart) into <paramref name="dst"/> (rows <paramref name="dstStride"/> apart), in registers.</summary>
    public static void Block8x8(float* src, int srcStride, float* dst, int dstStride)
    {
        var r0 = Vector256.Load(src);
        var r1 = Vector256.Load(src + srcStride);
        var r2 = Vector256.Load(src + 2L * srcStride);
        var r3 = Vector256.Load(src + 3L * srcStride);
        var r4 = Vector256.Load(src + 4L * srcStride);
        var r5 = Vector256.Load(src + 5L * srcStride);
        var r6 = Vector256.Load(src + 6L * srcStride);
        var r7 = Vector256.Load(src + 7L * srcStride);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Vector256.Store(Avx.Permute2x128(u0, u4, 0x20), dst);
        Vector256.Store(Avx.Permute2x128(u1, u5, 0x20), dst + dstStride);
        Vector256.Store(Avx.Permute2x128(u2, u6, 0x20), dst + 2L * dstStride);
        Vector256.Store(Avx.Permute2x128(u3, u7, 0x20), dst + 3L * dstStride);
        Vector256.Store(Avx.Permute2x128(u0, u4, 0x31), dst + 4L * dstStride);
        Vector256.Store(Avx.Permute2x128(u1, u5, 0x31), dst + 5L * dstStride);
        Vector256.Store(Avx.Permute2x128(u2, u6, 0x31), dst + 6L * dstStride);
        Vector256.Store(Avx.Permute2x128(u3, u7, 0x31), dst + 7L * dstStride);
    }
}
