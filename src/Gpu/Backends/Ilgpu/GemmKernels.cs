using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>
/// A GEMM blocking as compile-time constants (shared and local memory sizes must be constants in a kernel): a group of
/// Threads x Threads threads computes a Size x Size tile of C, each thread (Size/Threads)^2 elements of it.
/// </summary>
internal interface IGemmTile
{
    /// <summary>Threads along each side of the group.</summary>
    int Threads { get; }

    /// <summary>Edge of the C tile (and of the K step) a group computes.</summary>
    int Size { get; }

    /// <summary>Size * Size, the floats of one shared tile.</summary>
    int Elements { get; }

    /// <summary>(Size / Threads)^2, the C elements of one thread.</summary>
    int PerThread { get; }
}

/// <summary>4 x 4 threads (ILGPU's default CPU device allows 16 per group) on 16 x 16 tiles: few groups and barriers, which are dear on the CPU accelerator.</summary>
internal readonly struct Tile4 : IGemmTile
{
    public int Threads => 4;

    public int Size => 16;

    public int Elements => 256;

    public int PerThread => 16;
}

/// <summary>2 x 2 threads on 32 x 32 tiles, for CPU devices of few threads per group (few, large groups: each barrier costs a thread handoff).</summary>
internal readonly struct Tile2 : IGemmTile
{
    public int Threads => 2;

    public int Size => 32;

    public int Elements => 1024;

    public int PerThread => 256;
}

/// <summary>Operands of a row-major GEMM C = alpha*op(A)*op(B) + beta*C, with offsets into whole buffers.</summary>
internal readonly record struct GemmArgs(int TransA, int TransB, int M, int N, int K, float Alpha, float Beta, int AOffset, int BOffset, int COffset);

/// <summary>The shared-memory tiled GEMM used on every accelerator but CUDA (which calls cuBLAS).</summary>
internal static class GemmKernels
{
    /// <summary>
    /// Each group computes one Size x Size tile of C: it walks K a Size step at a time, staging a tile of op(A) and one of
    /// op(B) in shared memory; thread (tx, ty) accumulates the C elements (ty + i*Threads, tx + j*Threads) of the tile.
    /// </summary>
    public static void Tiled<TTile>(GemmArgs p, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c)
        where TTile : struct, IGemmTile
    {
        int g = default(TTile).Threads, ts = default(TTile).Size, per = ts / g;
        var tileA = SharedMemory.Allocate<float>(default(TTile).Elements);
        var tileB = SharedMemory.Allocate<float>(default(TTile).Elements);
        var acc = LocalMemory.Allocate<float>(default(TTile).PerThread);
        int tx = Group.IdxX, ty = Group.IdxY, self = ty * g + tx;
        int row0 = Grid.IdxY * ts, col0 = Grid.IdxX * ts;
        int lda = p.TransA != 0 ? p.M : p.K;
        int ldb = p.TransB != 0 ? p.K : p.N;
        for (int e = 0; e < per * per; e++)
        {
            acc[e] = 0f;
        }
        for (int k0 = 0; k0 < p.K; k0 += ts)
        {
            for (int e = self; e < ts * ts; e += g * g)
            {
                int r = e / ts, q = e - r * ts;
                int row = row0 + r, ka = k0 + q;
                float va = 0f;
                if (row < p.M && ka < p.K)
                {
                    va = p.TransA != 0 ? a[p.AOffset + ka * lda + row] : a[p.AOffset + row * lda + ka];
                }
                tileA[e] = va;
                int kb = k0 + r, col = col0 + q;
                float vb = 0f;
                if (kb < p.K && col < p.N)
                {
                    vb = p.TransB != 0 ? b[p.BOffset + col * ldb + kb] : b[p.BOffset + kb * ldb + col];
                }
                tileB[e] = vb;
            }
            Group.Barrier();
            for (int kk = 0; kk < ts; kk++)
            {
                for (int i = 0; i < per; i++)
                {
                    float va = tileA[(ty + i * g) * ts + kk];
                    for (int j = 0; j < per; j++)
                    {
                        acc[i * per + j] += va * tileB[kk * ts + tx + j * g];
                    }
                }
            }
            Group.Barrier();
        }
        for (int i = 0; i < per; i++)
        {
            int row = row0 + ty + i * g;
            for (int j = 0; j < per; j++)
            {
                int col = col0 + tx + j * g;
                if (row < p.M && col < p.N)
                {
                    int at = p.COffset + row * p.N + col;
                    float v = p.Alpha * acc[i * per + j];
                    c[at] = p.Beta == 0f ? v : v + p.Beta * c[at];
                }
            }
        }
    }
}
