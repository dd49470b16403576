// Eigen 3.4 by hand: fixed-size matrices (Map over heap buffers where a matrix is too large for
// Eigen's fixed-size limit), forward and backward written out, no allocation in the loop.

#include <Eigen/Core>

#include <algorithm>
#include <memory>
#include <new>
#include <vector>

#include "common.hpp"

namespace
{
    using namespace peers;

    template <int R, int C>
    using mat = Eigen::Matrix<float, R, C, (C == 1 ? Eigen::ColMajor : Eigen::RowMajor)>;
    template <int C>
    using row = Eigen::Matrix<float, 1, C>;

    template <int R, int C>
    using map = Eigen::Map<mat<R, C>, Eigen::Aligned32>;
    template <int R, int C>
    using cmap = Eigen::Map<mat<R, C> const>;

    // ---- W1 --------------------------------------------------------------------------------

    void run_w1(options const& o)
    {
        long const steps = w1_step_count(o, w1_steps);
        Eigen::Matrix<float, 1, 1> w, b, x, pred, g;
        w(0) = w1_w0;
        b(0) = 0.0f;
        int i = 0;
        timer t;
        for (long s = 0; s < steps; ++s)
        {
            x(0) = w1_x[i];
            pred.noalias() = x * w;
            pred += b;
            g = 2.0f * (pred.array() - w1_y[i]).matrix();  // d(err^2)/d(pred), batch of one
            w.noalias() -= w1_lr * (x.transpose() * g);
            b -= w1_lr * g;
            i = (i == 2) ? 0 : i + 1;
        }
        t.stop();
        result("eigen", "W1", t, steps, w1_extra(steps, w(0), b(0)));
    }

    // ---- softmax cross-entropy (mean over the batch) ---------------------------------------

    /// @brief Writes (softmax(z) - onehot(y)) / B into dz; returns the mean loss.
    template <int B, int K, class Z, class DZ>
    float softmax_xent(Z const& z, int const* y, DZ& dz)
    {
        float loss = 0.0f;
        for (int r = 0; r < B; ++r)
        {
            float const m = z.row(r).maxCoeff();
            dz.row(r) = (z.row(r).array() - m).exp().matrix();
            float const s = dz.row(r).sum();
            loss += std::log(s) - (z(r, y[r]) - m);
            dz.row(r) *= 1.0f / (s * float(B));
            dz(r, y[r]) -= 1.0f / float(B);
        }
        return loss / float(B);
    }

    // ---- optimizers ------------------------------------------------------------------------

    template <class M>
    struct adam_slots
    {
        M m = M::Zero();
        M v = M::Zero();
    };

    template <class W, class G, class S>
    void adam_update(W& w, G const& g, S& s, float alpha)
    {
        constexpr float one_minus_b1 = 1.0f - w2_beta1, one_minus_b2 = 1.0f - w2_beta2;
        s.m.array() += (g.array() - s.m.array()) * one_minus_b1;
        s.v.array() += (g.array().square() - s.v.array()) * one_minus_b2;
        w.array() -= s.m.array() * alpha / (s.v.array().sqrt() + w2_eps);
    }

    template <class W, class G, class V>
    void momentum_update(W& w, G const& g, V& v)
    {
        v.array() = w3_momentum * v.array() - w3_lr * g.array();
        w += v;
    }

    // ---- W2 --------------------------------------------------------------------------------

    struct w2_net
    {
        mat<w2_in, w2_hidden> w1;
        row<w2_hidden> b1 = row<w2_hidden>::Zero();
        mat<w2_hidden, w2_out> w2;
        row<w2_out> b2 = row<w2_out>::Zero();

        mat<w2_batch, w2_hidden> h;
        mat<w2_batch, w2_out> z, dz;
        mat<w2_batch, w2_hidden> dh;
        mat<w2_in, w2_hidden> gw1;
        row<w2_hidden> gb1;
        mat<w2_hidden, w2_out> gw2;
        row<w2_out> gb2;

        adam_slots<mat<w2_in, w2_hidden>> sw1;
        adam_slots<row<w2_hidden>> sb1;
        adam_slots<mat<w2_hidden, w2_out>> sw2;
        adam_slots<row<w2_out>> sb2;
    };

    void run_w2(options const& o)
    {
        digits const d = load_digits(o.data);
        auto net = std::make_unique<w2_net>();
        fill_glorot(net->w1.data(), w2_in, w2_hidden, w2_layer_seed(0));
        fill_glorot(net->w2.data(), w2_hidden, w2_out, w2_layer_seed(1));

        int const epochs = w2_epoch_count(o);
        int const steps = epochs * w2_batches;
        w2_net& n = *net;
        timer t;
        for (int step = 0; step < steps; ++step)
        {
            int const first = (step % w2_batches) * w2_batch;
            cmap<w2_batch, w2_in> x(d.x.data() + std::size_t(first) * w2_in);
            int const* y = d.y.data() + first;

            n.h.noalias() = x * n.w1;
            n.h.rowwise() += n.b1;
            n.h = n.h.cwiseMax(0.0f);
            n.z.noalias() = n.h * n.w2;
            n.z.rowwise() += n.b2;
            softmax_xent<w2_batch, w2_out>(n.z, y, n.dz);

            n.gw2.noalias() = n.h.transpose() * n.dz;
            n.gb2 = n.dz.colwise().sum();
            n.dh.noalias() = n.dz * n.w2.transpose();
            n.dh = (n.h.array() > 0.0f).select(n.dh, 0.0f);
            n.gw1.noalias() = x.transpose() * n.dh;
            n.gb1 = n.dh.colwise().sum();

            double const t = step + 1;
            float const alpha = float(double(w2_lr) * std::sqrt(1.0 - std::pow(double(w2_beta2), t)) /
                                      (1.0 - std::pow(double(w2_beta1), t)));
            adam_update(n.w1, n.gw1, n.sw1, alpha);
            adam_update(n.b1, n.gb1, n.sb1, alpha);
            adam_update(n.w2, n.gw2, n.sw2, alpha);
            adam_update(n.b2, n.gb2, n.sb2, alpha);
        }
        t.stop();

        cmap<w2_test, w2_in> xt(d.x.data() + std::size_t(w2_train) * w2_in);
        Eigen::Matrix<float, w2_test, w2_hidden, Eigen::RowMajor> ht = ((xt * n.w1).rowwise() + n.b1).cwiseMax(0.0f);
        Eigen::Matrix<float, w2_test, w2_out, Eigen::RowMajor> zt = (ht * n.w2).rowwise() + n.b2;
        int correct = 0;
        for (int r = 0; r < w2_test; ++r)
        {
            correct += (argmax(zt.row(r).data(), w2_out) == d.y[std::size_t(w2_train + r)]);
        }
        result("eigen", "W2", t, steps, w2_extra(steps, double(correct) / w2_test));
    }

    // ---- W4 --------------------------------------------------------------------------------

    struct w4_net
    {
        mat<w4_in, w4_hidden> w1;
        row<w4_hidden> b1 = row<w4_hidden>::Zero();
        mat<w4_hidden, w4_out> w2;
        row<w4_out> b2 = row<w4_out>::Zero();

        mat<w4_batch, w4_hidden> h, dh;
        mat<w4_batch, w4_out> z, dz;
        mat<w4_in, w4_hidden> gw1;
        row<w4_hidden> gb1;
        mat<w4_hidden, w4_out> gw2;
        row<w4_out> gb2;

        adam_slots<mat<w4_in, w4_hidden>> sw1;
        adam_slots<row<w4_hidden>> sb1;
        adam_slots<mat<w4_hidden, w4_out>> sw2;
        adam_slots<row<w4_out>> sb2;
    };

    void run_w4(options const& o)
    {
        std::vector<float> xs(std::size_t(w4_pool) * w4_in);
        std::vector<int> ys(w4_pool);
        bench::uniform(std::span<float>(xs.data(), xs.size()), 0.0f, 1.0f, bench::w4_x_seed);
        for (int r = 0; r < w4_pool; ++r)
        {
            ys[std::size_t(r)] = static_cast<int>(3.0f * bench::uniform01(bench::w4_y_seed, std::uint64_t(r)));
        }
        auto net = std::make_unique<w4_net>();
        fill_glorot(net->w1.data(), w4_in, w4_hidden, bench::w4_l1_seed);
        fill_glorot(net->w2.data(), w4_hidden, w4_out, bench::w4_l2_seed);
        int const steps = o.smoke ? 20 : (o.steps > 0 ? int(o.steps) : w4_steps);
        constexpr int batches = w4_pool / w4_batch;
        w4_net& n = *net;
        timer t;
        for (int step = 0; step < steps; ++step)
        {
            int const first = (step % batches) * w4_batch;
            cmap<w4_batch, w4_in> x(xs.data() + std::size_t(first) * w4_in);
            int const* y = ys.data() + first;

            n.h.noalias() = x * n.w1;
            n.h.rowwise() += n.b1;
            n.h = n.h.cwiseMax(0.0f);
            n.z.noalias() = n.h * n.w2;
            n.z.rowwise() += n.b2;
            softmax_xent<w4_batch, w4_out>(n.z, y, n.dz);

            n.gw2.noalias() = n.h.transpose() * n.dz;
            n.gb2 = n.dz.colwise().sum();
            n.dh.noalias() = n.dz * n.w2.transpose();
            n.dh = (n.h.array() > 0.0f).select(n.dh, 0.0f);
            n.gw1.noalias() = x.transpose() * n.dh;
            n.gb1 = n.dh.colwise().sum();

            double const tt = step + 1;
            float const alpha = float(double(w2_lr) * std::sqrt(1.0 - std::pow(double(w2_beta2), tt)) /
                                      (1.0 - std::pow(double(w2_beta1), tt)));
            adam_update(n.w1, n.gw1, n.sw1, alpha);
            adam_update(n.b1, n.gb1, n.sb1, alpha);
            adam_update(n.w2, n.gw2, n.sw2, alpha);
            adam_update(n.b2, n.gb2, n.sb2, alpha);
        }
        t.stop();
        // The mean loss over the pool after training (the same figure for every contender).
        double pool_loss = 0.0;
        for (int b = 0; b < batches; ++b)
        {
            cmap<w4_batch, w4_in> x(xs.data() + std::size_t(b) * w4_batch * w4_in);
            n.h = ((x * n.w1).rowwise() + n.b1).cwiseMax(0.0f);
            n.z = (n.h * n.w2).rowwise() + n.b2;
            pool_loss += softmax_xent<w4_batch, w4_out>(n.z, ys.data() + b * w4_batch, n.dz);
        }
        result("eigen", "W4", t, steps, count("steps", steps) + "," + fmt("pool_loss", pool_loss / batches));
    }

    // ---- W3 --------------------------------------------------------------------------------

    /// @brief Owns 64-byte aligned, zeroed heap blocks (W3 matrices are too large for Eigen's
    /// fixed-size objects, so they are fixed-size maps over these).
    class arena
    {
    public:
        arena() = default;
        arena(arena const&) = delete;
        arena& operator=(arena const&) = delete;
        ~arena()
        {
            for (float* q : m_blocks)
            {
                ::operator delete[](q, std::align_val_t(64));
            }
        }

        float* operator()(std::size_t n)
        {
            auto* q = static_cast<float*>(::operator new[](n * sizeof(float), std::align_val_t(64)));
            std::fill(q, q + n, 0.0f);
            m_blocks.push_back(q);
            return q;
        }

    private:
        std::vector<float*> m_blocks;
    };

    void run_w3(options const& o)
    {
        pool const p = make_w3_pool();
        arena alloc;
        float* w1p = alloc(std::size_t(w3_in) * w3_h1);
        float* w2p = alloc(std::size_t(w3_h1) * w3_h2);
        float* w3p = alloc(std::size_t(w3_h2) * w3_out);
        fill_glorot(w1p, w3_in, w3_h1, w3_layer_seed(0));
        fill_glorot(w2p, w3_h1, w3_h2, w3_layer_seed(1));
        fill_glorot(w3p, w3_h2, w3_out, w3_layer_seed(2));
        map<w3_in, w3_h1> w1(w1p), gw1(alloc(std::size_t(w3_in) * w3_h1)), vw1(alloc(std::size_t(w3_in) * w3_h1));
        map<w3_h1, w3_h2> w2(w2p), gw2(alloc(std::size_t(w3_h1) * w3_h2)), vw2(alloc(std::size_t(w3_h1) * w3_h2));
        map<w3_h2, w3_out> w3(w3p), gw3(alloc(std::size_t(w3_h2) * w3_out)), vw3(alloc(std::size_t(w3_h2) * w3_out));
        row<w3_h1> b1 = row<w3_h1>::Zero(), gb1, vb1 = row<w3_h1>::Zero();
        row<w3_h2> b2 = row<w3_h2>::Zero(), gb2, vb2 = row<w3_h2>::Zero();
        row<w3_out> b3 = row<w3_out>::Zero(), gb3, vb3 = row<w3_out>::Zero();
        map<w3_batch, w3_h1> h1(alloc(std::size_t(w3_batch) * w3_h1)), dh1(alloc(std::size_t(w3_batch) * w3_h1));
        map<w3_batch, w3_h2> h2(alloc(std::size_t(w3_batch) * w3_h2)), dh2(alloc(std::size_t(w3_batch) * w3_h2));
        mat<w3_batch, w3_out> z, dz;

        int const steps = w3_step_count(o);
        constexpr int batches = w3_pool / w3_batch;
        float loss = 0.0f;
        timer t;
        for (int step = 0; step < steps; ++step)
        {
            int const first = (step % batches) * w3_batch;
            cmap<w3_batch, w3_in> x(p.x.data() + std::size_t(first) * w3_in);
            int const* y = p.y.data() + first;

            h1.noalias() = x * w1;
            h1.rowwise() += b1;
            h1 = h1.cwiseMax(0.0f);
            h2.noalias() = h1 * w2;
            h2.rowwise() += b2;
            h2 = h2.cwiseMax(0.0f);
            z.noalias() = h2 * w3;
            z.rowwise() += b3;
            loss = softmax_xent<w3_batch, w3_out>(z, y, dz);

            gw3.noalias() = h2.transpose() * dz;
            gb3 = dz.colwise().sum();
            dh2.noalias() = dz * w3.transpose();
            dh2 = (h2.array() > 0.0f).select(dh2, 0.0f);
            gw2.noalias() = h1.transpose() * dh2;
            gb2 = dh2.colwise().sum();
            dh1.noalias() = dh2 * w2.transpose();
            dh1 = (h1.array() > 0.0f).select(dh1, 0.0f);
            gw1.noalias() = x.transpose() * dh1;  // the input needs no gradient
            gb1 = dh1.colwise().sum();

            momentum_update(w1, gw1, vw1);
            momentum_update(b1, gb1, vb1);
            momentum_update(w2, gw2, vw2);
            momentum_update(b2, gb2, vb2);
            momentum_update(w3, gw3, vw3);
            momentum_update(b3, gb3, vb3);
        }
        t.stop();
        result("eigen", "W3", t, steps, w3_extra(steps, t.wall, loss));
    }
}

int main(int argc, char** argv)
{
    options const o = parse(argc, argv);
    if (o.workload == "W1")
    {
        run_w1(o);
    }
    else if (o.workload == "W2")
    {
        run_w2(o);
    }
    else if (o.workload == "W4")
    {
        run_w4(o);
    }
    else if (o.workload == "W3")
    {
        run_w3(o);
    }
    else
    {
        // Eigen's core module has no convolution: W5 is not an Eigen workload.
        std::fprintf(stderr, "eigen: no %s here\n", o.workload.c_str());
        return 2;
    }
    return 0;
}
