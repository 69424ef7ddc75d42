#include "JsonReader.hh"

#include <charconv>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <system_error>

#include "run/InputError.hh"

namespace fathom
{
namespace
{
// Deep enough for any real document, shallow enough that recursion cannot exhaust the stack.
constexpr int max_depth = 256;

std::size_t count_replacements(std::string_view s)
{
    std::size_t n = 0;
    for (auto pos = s.find("\xEF\xBF\xBD"); pos != std::string_view::npos;
         pos = s.find("\xEF\xBF\xBD", pos + 3))
        ++n;
    return n;
}

class Parser
{
  public:
    Parser(std::string_view text, std::string const& source) : text_(text), source_(source) {}

    JsonValue document()
    {
        JsonValue v = this->value(0);
        this->skip_space();
        if (pos_ != text_.size())
            this->fail("unexpected text after the JSON value");
        return v;
    }

  private:
    std::string_view text_;
    std::string const& source_;
    std::size_t pos_{0};

    [[noreturn]] void fail(std::string const& what) const
    {
        std::size_t line = 1;
        for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i)
            line += text_[i] == '\n';
        throw InputError(source_ + ":" + std::to_string(line) + ": invalid JSON: " + what);
    }

    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return this->at_end() ? '\0' : text_[pos_]; }

    void skip_space()
    {
        while (!this->at_end())
        {
            char c = text_[pos_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++pos_;
        }
    }

    void expect_literal(std::string_view word)
    {
        if (text_.substr(pos_, word.size()) != word)
            this->fail("unknown literal (expected '" + std::string(word) + "')");
        pos_ += word.size();
    }

    JsonValue value(int depth)
    {
        if (depth > max_depth)
            this->fail("nested deeper than " + std::to_string(max_depth) + " levels");
        this->skip_space();
        switch (this->peek())
        {
            case '{': return this->object(depth);
            case '[': return this->array(depth);
            case '"': return JsonValue(this->string());
            case 't': this->expect_literal("true"); return JsonValue(true);
            case 'f': this->expect_literal("false"); return JsonValue(false);
            case 'n': this->expect_literal("null"); return JsonValue(nullptr);
            case '\0':
                if (this->at_end())
                    this->fail("unexpected end of input");
                break;
            default:
                if (this->peek() == '-' || (this->peek() >= '0' && this->peek() <= '9'))
                    return this->number();
        }
        this->fail(std::string("unexpected character '") + this->peek() + "'");
    }

    JsonValue object(int depth)
    {
        ++pos_;  // '{'
        JsonValue result = JsonValue::object();
        this->skip_space();
        if (this->peek() == '}')
        {
            ++pos_;
            return result;
        }
        while (true)
        {
            this->skip_space();
            if (this->peek() != '"')
                this->fail("expected a string key");
            std::string key = this->string();
            if (result.find(key))
                this->fail("key \"" + key + "\" appears twice");
            this->skip_space();
            if (this->peek() != ':')
                this->fail("expected ':' after key \"" + key + "\"");
            ++pos_;
            result.as_object().emplace_back(std::move(key), this->value(depth + 1));
            this->skip_space();
            char c = this->peek();
            ++pos_;
            if (c == '}')
                return result;
            if (c != ',')
            {
                --pos_;
                this->fail("expected ',' or '}' in an object");
            }
        }
    }

    JsonValue array(int depth)
    {
        ++pos_;  // '['
        JsonValue result = JsonValue::array();
        this->skip_space();
        if (this->peek() == ']')
        {
            ++pos_;
            return result;
        }
        while (true)
        {
            result.as_array().push_back(this->value(depth + 1));
            this->skip_space();
            char c = this->peek();
            ++pos_;
            if (c == ']')
                return result;
            if (c != ',')
            {
                --pos_;
                this->fail("expected ',' or ']' in an array");
            }
        }
    }

    unsigned hex4()
    {
        if (pos_ + 4 > text_.size())
            this->fail("truncated \\u escape");
        unsigned u = 0;
        auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, u, 16);
        if (ec != std::errc{} || end != text_.data() + pos_ + 4)
            this->fail("bad \\u escape");
        pos_ += 4;
        return u;
    }

    static void append_utf8(std::string& out, unsigned cp)
    {
        if (cp < 0x80)
            out += static_cast<char>(cp);
        else if (cp < 0x800)
        {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000)
        {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else
        {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::string string()
    {
        ++pos_;  // '"'
        std::string out;
        while (true)
        {
            if (this->at_end())
                this->fail("unterminated string");
            auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"')
            {
                ++pos_;
                break;
            }
            if (c < 0x20)
                this->fail("control character in a string (escape it)");
            if (c != '\\')
            {
                out += static_cast<char>(c);
                ++pos_;
                continue;
            }
            ++pos_;
            char e = this->peek();
            ++pos_;
            switch (e)
            {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u':
                {
                    unsigned cp = this->hex4();
                    if (cp >= 0xDC00 && cp <= 0xDFFF)
                        this->fail("lone low surrogate in \\u escape");
                    if (cp >= 0xD800 && cp <= 0xDBFF)
                    {
                        if (text_.substr(pos_, 2) != "\\u")
                            this->fail("high surrogate without its low surrogate");
                        pos_ += 2;
                        unsigned lo = this->hex4();
                        if (lo < 0xDC00 || lo > 0xDFFF)
                            this->fail("high surrogate without its low surrogate");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default: --pos_; this->fail("unknown escape in a string");
            }
        }
        // Raw bytes must be UTF-8. The writer replaces each invalid byte by U+FFFD, so more
        // U+FFFD after quoting than before means invalid input (one UTF-8 check, not two).
        if (count_replacements(json_quote(out)) != count_replacements(out))
            this->fail("string is not valid UTF-8");
        return out;
    }

    JsonValue number()
    {
        std::size_t const start = pos_;
        auto digits = [this] {
            std::size_t n = 0;
            while (this->peek() >= '0' && this->peek() <= '9')
            {
                ++pos_;
                ++n;
            }
            return n;
        };
        bool negative = this->peek() == '-';
        if (negative)
            ++pos_;
        if (this->peek() == '0')
        {
            ++pos_;
            if (this->peek() >= '0' && this->peek() <= '9')
                this->fail("number with a leading zero");
        }
        else if (digits() == 0)
            this->fail("expected digits in a number");
        bool integer = true;
        if (this->peek() == '.')
        {
            ++pos_;
            integer = false;
            if (digits() == 0)
                this->fail("expected digits after the decimal point");
        }
        if (this->peek() == 'e' || this->peek() == 'E')
        {
            ++pos_;
            integer = false;
            if (this->peek() == '+' || this->peek() == '-')
                ++pos_;
            if (digits() == 0)
                this->fail("expected digits in the exponent");
        }
        char const* first = text_.data() + start;
        char const* last = text_.data() + pos_;
        if (integer)
        {
            std::int64_t i = 0;
            auto [end_i, ec_i] = std::from_chars(first, last, i);
            if (ec_i == std::errc{} && end_i == last)
                return JsonValue(i);
            if (!negative)
            {
                std::uint64_t u = 0;
                auto [end, ec] = std::from_chars(first, last, u);
                if (ec == std::errc{} && end == last)
                    return JsonValue(u);
            }
            // out of range for 64 bits: fall through to a double
        }
        double d = 0;
        auto [end, ec] = std::from_chars(first, last, d);
        if (ec == std::errc::result_out_of_range)
        {
            pos_ = start;
            this->fail("number out of the range of a double");
        }
        if (ec != std::errc{} || end != last)
        {
            pos_ = start;
            this->fail("malformed number");
        }
        return JsonValue(d);
    }
};
}  // namespace

JsonValue parse_json(std::string_view text, std::string const& source)
{
    return Parser(text, source).document();
}

JsonValue read_json_file(std::filesystem::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("cannot open JSON file '" + path.string() + "'");
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad())
        throw InputError("cannot read JSON file '" + path.string() + "'");
    return parse_json(buf.str(), path.string());
}
}  // namespace fathom
