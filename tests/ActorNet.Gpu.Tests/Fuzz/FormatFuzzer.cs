using System.Diagnostics;

namespace ActorNet.Gpu.Tests.Fuzz;

/// <summary>
/// Mutates a valid file many times (truncations, bit flips, 32-bit fields overwritten with lying sizes) and reads each
/// mutant: the reader must either accept it or throw the format's own clear error naming the file, and never crash
/// (an index, null or overflow error), hang, or allocate a lying size field's worth of memory. Deterministic: the seed
/// is fixed, so a failure names a case that reproduces.
/// </summary>
internal sealed class FormatFuzzer(string folder, int seed = 20261207)
{
    // A reader that honours a size field without checking it against the file allocates gigabytes: well above this.
    private const long AllocationLimit = 512L << 20;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);
    private static readonly uint[] Lies = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x40000000, 0x00FFFFFF, 0x10000, 0];

    /// <summary>Runs <paramref name="cases"/> mutants of <paramref name="valid"/> through <paramref name="read"/>.</summary>
    /// <param name="clearError">True for the exceptions this format's reader is meant to throw (its clear errors).</param>
    public int Run(string name, byte[] valid, Action<string> read, Func<Exception, bool> clearError, int cases = 1000)
    {
        var random = new Random(seed);
        var path = Path.Combine(folder, name);
        var rejected = 0;
        for (var i = 0; i < cases; i++)
        {
            var (mutant, how) = Mutate(valid, random);
            File.WriteAllBytes(path, mutant);
            var before = GC.GetTotalAllocatedBytes(precise: false);
            var clock = Stopwatch.StartNew();
            try
            {
                read(path);
            }
            catch (Exception e) when (clearError(e))
            {
                Assert.True(e.Message.Contains(name, StringComparison.Ordinal), $"{name} case {i} ({how}): the error does not name the file: {e.Message}");
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{name} case {i} ({how}): {e.GetType().Name} instead of a clear error: {e.Message}\n{e.StackTrace}");
            }
            Assert.True(clock.Elapsed < CaseLimit, $"{name} case {i} ({how}) took {clock.Elapsed.TotalSeconds:N1} s");
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
            Assert.True(allocated < AllocationLimit + 64L * valid.Length, $"{name} case {i} ({how}) allocated {allocated >> 20} MiB");
        }
        return rejected;
    }

    private static (byte[] Bytes, string How) Mutate(byte[] valid, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
            {
                var length = random.Next(valid.Length);
                return (valid[..length], $"truncated to {length} bytes");
            }
            case 1:
            {
                var bytes = (byte[])valid.Clone();
                var flips = 1 + random.Next(8);
                var at = new List<int>();
                for (var f = 0; f < flips; f++)
                {
                    var offset = random.Next(bytes.Length);
                    bytes[offset] ^= (byte)(1 << random.Next(8));
                    at.Add(offset);
                }
                return (bytes, $"bits flipped at {string.Join(",", at)}");
            }
            default:
            {
                var bytes = (byte[])valid.Clone();
                var offset = random.Next(Math.Max(1, bytes.Length - 3));
                var lie = Lies[random.Next(Lies.Length)];
                var bigEndian = random.Next(2) == 0;
                for (var b = 0; b < 4 && offset + b < bytes.Length; b++)
                    bytes[offset + b] = (byte)(lie >> (8 * (bigEndian ? 3 - b : b)));
                return (bytes, $"0x{lie:x8} written at {offset} ({(bigEndian ? "big" : "little")}-endian)");
            }
        }
    }
}
