using ActorNet.Configuration;
using ActorNet.Gpu;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Training.Tests;

// ComputeSettings.Gemm is process-wide: these tests run in the collection that keeps it from other tests' nets.
[Collection(nameof(ComputeSettingsCollection))]
public class ComputeConfigurationTests
{
    private static IConfiguration Node(string blas) => new ConfigurationBuilder()
        .AddInMemoryCollection([new(ComputeConfiguration.BlasKey, blas)]).Build();

    [Fact]
    public void The_reference_configuration_chooses_auto_and_a_node_can_force_either_provider()
    {
        var before = ComputeSettings.Gemm;
        try
        {
            Assert.Equal("auto", new ConfigurationBuilder().AddActorNetReference().Build()[ComputeConfiguration.BlasKey]);
            ComputeConfiguration.Apply(Node("OpenBLAS"));
            Assert.Equal(GemmProvider.OpenBlas, ComputeSettings.Gemm);
            ComputeConfiguration.Apply(Node("managed"));
            Assert.Equal(GemmProvider.Managed, ComputeSettings.Gemm);
            ComputeConfiguration.Apply(Node("auto"));
            Assert.Equal(GemmProvider.Auto, ComputeSettings.Gemm);
        }
        finally
        {
            ComputeSettings.Gemm = before;
        }
    }

    [Fact]
    public void A_bad_value_names_the_key_and_the_choices_and_changes_nothing()
    {
        var before = ComputeSettings.Gemm;
        var e = Assert.Throws<FormatException>(() => ComputeConfiguration.Apply(Node("mkl")));
        Assert.Contains("actornet.gpu.blas", e.Message);
        Assert.Contains("'mkl'", e.Message);
        Assert.Contains("auto, managed or openblas", e.Message);
        Assert.Equal(before, ComputeSettings.Gemm);
    }
}

[CollectionDefinition(nameof(ComputeSettingsCollection), DisableParallelization = true)]
public sealed class ComputeSettingsCollection;
