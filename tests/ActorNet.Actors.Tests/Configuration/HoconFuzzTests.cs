using ActorNet.Configuration;
using ActorNet.Gpu.Tests.Fuzz;

namespace ActorNet.Configuration.Tests;

/// <summary>HOCON files fuzzed (truncations, bit flips, overwritten bytes): a <see cref="HoconException"/> naming the file and line:column, or a parse; never a crash or a hang.</summary>
public sealed class HoconFuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-hocon-fuzz").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reference_conf_mutants_fail_with_a_position_or_parse()
    {
        var reference = System.Text.Encoding.UTF8.GetBytes(ReferenceConfiguration.Text);
        new FormatFuzzer(_dir).Run("actornet.conf", reference, p => Hocon.Load(p), e => e is HoconException, cases: 400);
    }
}
