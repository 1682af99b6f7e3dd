using ActorNet.Actors;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.Local;

public sealed class AskTimeoutTests() : TestKit.TestKit(time: new FakeTimeProvider())
{
    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    [Fact]
    public async Task Ask_times_out_when_the_clock_passes_the_timeout()
    {
        var silent = Sys.ActorOf(Props.Create<Silent>());
        var ask = silent.Ask<string>("anyone?", TimeSpan.FromSeconds(3));
        Time!.Advance(TimeSpan.FromSeconds(2));
        Assert.False(ask.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        Assert.Contains(silent.Path.ToString(), error.Message);
    }
}
