using Crm.Kernel.Randomness;

namespace Crm.Kernel.Tests.Randomness;

/// <summary>The samplers' moments over many draws are the distributions' own, within four standard errors.</summary>
public sealed class RandomSamplersTests
{
    private const int Draws = 200_000;

    [Fact]
    public void Normal_draws_have_mean_0_and_variance_1() =>
        AssertMoments(Draw(r => r.NextNormal()), mean: 0, variance: 1, fourthCentralMoment: 3);

    [Theory]
    [InlineData(0.24)]
    [InlineData(0.6)]
    [InlineData(2)]
    [InlineData(7.5)]
    public void Gamma_draws_have_mean_and_variance_equal_to_the_shape(double shape)
    {
        var draws = Draw(r => r.NextGamma(shape));
        Assert.All(draws, d => Assert.True(d > 0));
        // Var of the sample variance needs the 4th central moment: 3k² + 6k for Gamma(k, 1).
        AssertMoments(draws, mean: shape, variance: shape, fourthCentralMoment: (3 * shape * shape) + (6 * shape));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(4)]
    [InlineData(25)]
    public void Poisson_draws_have_mean_and_variance_equal_to_the_mean(double mean)
    {
        var draws = Draw(r => r.NextPoisson(mean));
        Assert.All(draws, d => Assert.True(d >= 0 && d == Math.Floor(d)));
        AssertMoments(draws, mean, variance: mean, fourthCentralMoment: (3 * mean * mean) + mean);
    }

    [Fact]
    public void A_seed_gives_the_same_sequence_and_a_mean_of_zero_or_less_gives_no_events()
    {
        Assert.Equal(Draw(r => r.NextGamma(0.6), 100, seed: 5), Draw(r => r.NextGamma(0.6), 100, seed: 5));
        Assert.Equal(0, new Random(1).NextPoisson(0));
        Assert.Equal(0, new Random(1).NextPoisson(-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Random(1).NextGamma(0));
    }

    private static double[] Draw(Func<Random, double> next, int count = Draws, int seed = 42)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => next(random)).ToArray();
    }

    private static void AssertMoments(double[] draws, double mean, double variance, double fourthCentralMoment)
    {
        var n = draws.Length;
        var sampleMean = draws.Average();
        var sampleVariance = draws.Sum(d => (d - sampleMean) * (d - sampleMean)) / (n - 1);
        var meanError = Math.Sqrt(variance / n);
        var varianceError = Math.Sqrt((fourthCentralMoment - (variance * variance)) / n);
        Assert.InRange(sampleMean, mean - (4 * meanError), mean + (4 * meanError));
        Assert.InRange(sampleVariance, variance - (4 * varianceError), variance + (4 * varianceError));
    }
}
