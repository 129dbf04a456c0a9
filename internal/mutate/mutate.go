package mutate

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strconv"
)

// Kind is what a mutation does.
type Kind string

// The kinds of mutation.
const (
	Flip     Kind = "flip"      // a comparison or logical operator turned round
	DropCall Kind = "drop-call" // a call made as a statement removed
	Constant Kind = "constant"  // an integer constant changed, or true and false swapped
	DropStmt Kind = "drop-stmt" // an assignment or increment removed
)

// Mutant is one mutation of one file.
type Mutant struct {
	File string // as given to Sites
	// Index is the mutation's place among the file's sites, in the order
	// Sites finds them; Apply takes it.
	Index int
	Line  int
	Func  string // the function it is in (Type.Method for a method)
	Kind  Kind
	Desc  string // e.g. "== to !=", "drop c.notify(...)"
}

// Key names a mutant so that it stays the same when lines move: the
// file, the function, the mutation, and its ordinal among the mutants
// alike in that function.
func (m Mutant) Key(ordinal int) string {
	return fmt.Sprintf("%s %s %s #%d", m.File, m.Func, m.Desc, ordinal)
}

// String is "file:line func: desc".
func (m Mutant) String() string { return fmt.Sprintf("%s:%d %s: %s", m.File, m.Line, m.Func, m.Desc) }

// flips is each operator a flip turns it into.
var flips = map[token.Token]token.Token{
	token.EQL: token.NEQ, token.NEQ: token.EQL,
	token.LSS: token.GEQ, token.GEQ: token.LSS,
	token.GTR: token.LEQ, token.LEQ: token.GTR,
	token.LAND: token.LOR, token.LOR: token.LAND,
}

// site is one place a mutation can be made: what it is, and the edit.
type site struct {
	m     Mutant
	apply func()
}

// walk finds every site of file in a fixed order.
func walk(fset *token.FileSet, name string, file *ast.File) []site {
	var out []site
	add := func(pos token.Pos, fn string, kind Kind, desc string, apply func()) {
		out = append(out, site{m: Mutant{File: name, Index: len(out), Line: fset.Position(pos).Line, Func: fn, Kind: kind, Desc: desc}, apply: apply})
	}
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		fn := funcName(fd)
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if to, ok := flips[n.Op]; ok {
					from := n.Op
					add(n.OpPos, fn, Flip, from.String()+" to "+to.String(), func() { n.Op = to })
				}
			case *ast.BasicLit:
				if n.Kind == token.INT {
					if v, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
						to := v + 1
						if v == 1 {
							to = 0
						}
						from := n.Value
						add(n.Pos(), fn, Constant, from+" to "+strconv.FormatInt(to, 10), func() { n.Value = strconv.FormatInt(to, 10) })
					}
				}
			case *ast.Ident:
				if n.Name == "true" || n.Name == "false" {
					to := map[string]string{"true": "false", "false": "true"}[n.Name]
					from := n.Name
					add(n.Pos(), fn, Constant, from+" to "+to, func() { n.Name = to })
				}
			case *ast.BlockStmt:
				stmts(fset, &n.List, fn, add)
			case *ast.CaseClause:
				stmts(fset, &n.Body, fn, add)
			case *ast.CommClause:
				stmts(fset, &n.Body, fn, add)
			}
			return true
		})
	}
	return out
}

// stmts adds the statements of a list that can be removed: calls made as
// statements, assignments with = or an operator, increments.
func stmts(fset *token.FileSet, list *[]ast.Stmt, fn string, add func(token.Pos, string, Kind, string, func())) {
	for i, s := range *list {
		remove := func() { (*list)[i] = &ast.EmptyStmt{Semicolon: s.Pos(), Implicit: true} }
		switch s := s.(type) {
		case *ast.ExprStmt:
			if call, ok := s.X.(*ast.CallExpr); ok {
				add(s.Pos(), fn, DropCall, "drop "+short(fset, call.Fun)+"(…)", remove)
			}
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE {
				add(s.Pos(), fn, DropStmt, "drop "+short(fset, s.Lhs[0])+" "+s.Tok.String()+" …", remove)
			}
		case *ast.IncDecStmt:
			add(s.Pos(), fn, DropStmt, "drop "+short(fset, s.X)+s.Tok.String(), remove)
		}
	}
}

// short is an expression's source text.
func short(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	format.Node(&b, fset, e)
	return b.String()
}

// funcName is "F" or "T.M".
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// Sites lists every mutant of a file's source; name is how the mutants
// name the file.
func Sites(name string, src []byte) ([]Mutant, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var out []Mutant
	for _, s := range walk(fset, name, f) {
		out = append(out, s.m)
	}
	return out, nil
}

// Apply returns the source with mutant m made, and nothing else changed
// but the layout go/format gives it.
func Apply(src []byte, m Mutant) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, m.File, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	sites := walk(fset, m.File, f)
	if m.Index < 0 || m.Index >= len(sites) || sites[m.Index].m.Desc != m.Desc {
		return nil, fmt.Errorf("%s: no mutant %d (%s) in this source", m.File, m.Index, m.Desc)
	}
	sites[m.Index].apply()
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
