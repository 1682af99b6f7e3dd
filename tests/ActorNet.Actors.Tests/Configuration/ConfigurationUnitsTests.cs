using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.Configuration;

public sealed class ConfigurationUnitsTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250", 250)]
    [InlineData("3 seconds", 3_000)]
    [InlineData("1d", 86_400_000)]
    public void Durations(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ConfigurationUnits.ParseDuration(text));

    [Fact]
    public void SubMillisecondDurations()
    {
        Assert.Equal(TimeSpan.FromTicks(5), ConfigurationUnits.ParseDuration("500ns"));
        Assert.Equal(TimeSpan.FromTicks(20), ConfigurationUnits.ParseDuration("2us"));
        Assert.Equal(Timeout.InfiniteTimeSpan, ConfigurationUnits.ParseDuration("infinite"));
    }

    [Theory]
    [InlineData("128KiB", 131_072)]
    [InlineData("4m", 4_194_304)]
    [InlineData("1G", 1_073_741_824)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("2 kB", 2_000)]
    [InlineData("512", 512)]
    [InlineData("1.5K", 1_536)]
    public void Sizes(string text, long bytes) => Assert.Equal(bytes, ConfigurationUnits.ParseByteSize(text));

    [Theory]
    [InlineData("10 fortnights")]
    [InlineData("s10")]
    [InlineData("-1s")]
    public void BadDurationsSayWhy(string text)
    {
        var e = Assert.Throws<FormatException>(() => ConfigurationUnits.ParseDuration(text));
        Assert.Contains($"'{text}' is not a duration", e.Message);
    }

    [Fact]
    public void BadSizeNamesTheUnit()
    {
        var e = Assert.Throws<FormatException>(() => ConfigurationUnits.ParseByteSize("3 parsecs"));
        Assert.Contains("unknown unit 'parsecs'", e.Message);
    }

    [Fact]
    public void ConfigurationExtensionsReadKeysAndNameTheKeyOnError()
    {
        var config = new ConfigurationBuilder().AddHoconString("a { t = 3s, s = 64KiB, b = yes, bad = soon }").Build();
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetDuration("a:t", TimeSpan.Zero));
        Assert.Equal(65_536, config.GetByteSize("a:s", 0));
        Assert.True(config.GetBoolean("a:b", false));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetDuration("a:missing", TimeSpan.FromSeconds(7)));
        var e = Assert.Throws<FormatException>(() => config.GetDuration("a:bad", TimeSpan.Zero));
        Assert.Contains("configuration key 'a:bad'", e.Message);
    }
}
