package com.example;

/** The README's first snippet: the module is a plain Java class. */
public class CalcDemo {
    public static void main(String[] args) {
        Calc calc = new Calc();                 // instantiates the module: no imports, no setup
        System.out.println(calc.add(2, 3));     // 5
        System.out.println(calc.fib(30L));      // 832040
        calc.store(64, 42);                     // writes linear memory at address 64
        System.out.println(calc.load(64));      // 42
    }
}
